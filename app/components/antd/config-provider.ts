// Server side of "#antd/config-provider" (package.json imports; the browser gets antd/es/config-provider).
export { ConfigProvider as default } from 'antd';
