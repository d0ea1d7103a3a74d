/** 中国红, the colour of the brand mark and of the public board. */
export const BRAND_RED = '#c8161d';

/** System UI fonts first, then the Noto CJK fonts Linux desktops carry. */
export const FONT_STACK =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif";
