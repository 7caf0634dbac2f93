import './base.css';
import './gateway.css';
