// Server side of "#antd/result" (package.json imports; the browser gets antd/es/result).
export { Result as default } from 'antd';
