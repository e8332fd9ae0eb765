import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { fromApiGatewayResult, localContext, toApiGatewayEvent, type IncomingRequest, type OutgoingResponse } from './api-gateway-event';

/** Local requests larger than this are refused before any handler runs (API Gateway's own cap is 10 MB). */
const MAX_REQUEST_BYTES = 1024 * 1024;

export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
export type LocalHttpHandler = (request: IncomingRequest, params: Record<string, string>) => Promise<OutgoingResponse>;

interface Route {
  methods: string[];
  pattern: RegExp;
  params: string[];
  handle: LocalHttpHandler;
}

/**
 * One HTTP server for the local stack. Lambda routes get the API Gateway v2 event
 * their deployed twin would get; local routes (status page, sandbox controls) get
 * the raw request.
 */
export class LocalHttpServer {
  private readonly routes: Route[] = [];
  private readonly server = http.createServer((req, res) => void this.dispatch(req, res));

  /** `path` uses `{name}` placeholders, as serverless.yml route keys do. */
  route(methods: string[], path: string, handle: LocalHttpHandler): this {
    const params: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
        params.push(name);
        return '([^/]+)';
      })}$`,
    );
    this.routes.push({ methods, pattern, params, handle });
    return this;
  }

  lambdaRoute(methods: string[], path: string, functionName: string, handler: LambdaHttpHandler, timeoutMs = 10_000): this {
    return this.route(methods, path, async (request, pathParameters) => {
      const event = toApiGatewayEvent(request, { routeKey: `${request.method} ${path}`, pathParameters });
      return fromApiGatewayResult(await handler(event, localContext(functionName, timeoutMs)));
    });
  }

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    return `http://${host}:${address.port}`;
  }

  async close(): Promise<void> {
    this.server.closeIdleConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const url = req.url ?? '/';
      const path = url.split('?')[0] ?? '/';
      const matching = this.routes.filter((r) => r.pattern.test(path));
      const route = matching.find((r) => r.methods.includes(req.method ?? 'GET'));
      if (!route) return send(res, { statusCode: matching.length ? 405 : 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from(matching.length ? 'method not allowed' : 'not found') });
      const body = await readBody(req);
      if (!body) return send(res, { statusCode: 413, headers: { 'content-type': 'text/plain' }, body: Buffer.from('payload too large') });
      const match = route.pattern.exec(path)!;
      const params: Record<string, string> = {};
      for (const [i, name] of route.params.entries()) {
        try {
          params[name] = decodeURIComponent(match[i + 1] ?? '');
        } catch {
          return send(res, { statusCode: 400, headers: { 'content-type': 'text/plain' }, body: Buffer.from('malformed path') });
        }
      }
      const request: IncomingRequest = { method: req.method ?? 'GET', url, headers: req.headers, body, sourceIp: req.socket.remoteAddress ?? '127.0.0.1' };
      send(res, await route.handle(request, params));
    } catch {
      // The handlers map their own errors; reaching here is a bug in the local stack itself.
      send(res, { statusCode: 500, headers: { 'content-type': 'text/plain' }, body: Buffer.from('internal error') });
    }
  }
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: http.ServerResponse, response: OutgoingResponse): void {
  if (res.headersSent) return;
  res.writeHead(response.statusCode, { ...response.headers, 'content-length': String(response.body.length) });
  res.end(response.body);
}
