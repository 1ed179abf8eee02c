// Locations of the build output, relative to the project root (the working directory of npm start).
import path from 'node:path';

export const ROOT = process.cwd();
export const REMIX_BUILD = path.join(ROOT, 'build', 'index.js');
export const REMIX_BUILD_STAMP = path.join(ROOT, 'build', 'version.txt');
export const SERVER_BUNDLE = path.join(ROOT, 'build', 'server.js');
export const PUBLIC_DIR = path.join(ROOT, 'public');
export const ASSETS_DIR = path.join(ROOT, 'public', 'build');
