// One formula for the server and the web: see server/src/platform/gcj02.ts.
export { gcj02ToWgs84, wgs84ToGcj02 } from '@gongzhi/server/gcj02';
