import './base.css';
import './commands.css';
