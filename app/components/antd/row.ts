// Server side of "#antd/row" (package.json imports; the browser gets antd/es/row).
export { Row as default } from 'antd';
