// Server side of "#antd/input" (package.json imports; the browser gets antd/es/input).
export { Input as default } from 'antd';
