// Server side of "#antd/input-number" (package.json imports; the browser gets antd/es/input-number).
export { InputNumber as default } from 'antd';
