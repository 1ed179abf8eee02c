// Server side of "#antd/progress" (package.json imports; the browser gets antd/es/progress).
export { Progress as default } from 'antd';
