// Server side of "#antd/table" (package.json imports; the browser gets antd/es/table).
export { Table as default } from 'antd';
