// Server side of "#antd/checkbox" (package.json imports; the browser gets antd/es/checkbox).
export { Checkbox as default } from 'antd';
