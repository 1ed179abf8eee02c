// Server side of "#antd/switch" (package.json imports; the browser gets antd/es/switch).
export { Switch as default } from 'antd';
