// Server side of "#antd/tooltip" (package.json imports; the browser gets antd/es/tooltip).
export { Tooltip as default } from 'antd';
