// A static server for the built book with gzip, as a real host serves it, so Lighthouse's
// throttled estimates see realistic transfer sizes. Usage: node serve.mjs BOOK_DIR PORT
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const [root, port] = [process.argv[2], Number(process.argv[3])];
const types = {
    '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
    '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
};

createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    let file = join(root, path);
    if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) {
        response.writeHead(403).end();
        return;
    }
    try {
        if ((await stat(file)).isDirectory()) {
            file = join(file, 'index.html');
        }
        let body = await readFile(file);
        const headers = { 'content-type': types[extname(file)] || 'application/octet-stream' };
        if (/gzip/.test(request.headers['accept-encoding'] || '') && /^(text|application\/json)|javascript|svg/.test(headers['content-type'])) {
            body = gzipSync(body);
            headers['content-encoding'] = 'gzip';
        }
        response.writeHead(200, headers).end(body);
    } catch {
        response.writeHead(404).end();
    }
}).listen(port, '127.0.0.1');
