import './base.css';
import './dashboard.css';
import './commands.css';
import './gateway.css';
import './jobqueue.css';
import './sizing.css';
