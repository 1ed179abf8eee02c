// Server side of "#antd/button" (package.json imports; the browser gets antd/es/button).
export { Button as default } from 'antd';
