// Server side of "#antd/popconfirm" (package.json imports; the browser gets antd/es/popconfirm).
export { Popconfirm as default } from 'antd';
