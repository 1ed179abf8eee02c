// Shared between root.tsx (renders the element) and entry.server.tsx (fills it in).
export const ANTD_STYLES_ID = 'antd-ssr-styles';
export const ANTD_STYLES_PLACEHOLDER = '/*__ANTD_SSR_STYLES__*/';
