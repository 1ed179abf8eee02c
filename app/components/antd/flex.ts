// Server side of "#antd/flex" (package.json imports; the browser gets antd/es/flex).
export { Flex as default } from 'antd';
