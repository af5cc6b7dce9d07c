#!/usr/bin/env python3
"""Sweeplab's benchmarks in headless Chromium on the device machine (a real GPU, no Node, no network).

Serves the production build with a threaded http.server, starts the bundled chromium-headless-shell
(scripts/device/build-devicepkg.sh) and drives it over the Chrome DevTools Protocol with a small stdlib
WebSocket client. Steps, in the order given by --steps (each with its own time cap; a failing step is
reported and the next one runs):
  probe             flag profiles tried in turn until WebGPU gets a hardware adapter; prints the adapter
                    (navigator.gpu.requestAdapter().info, isFallbackAdapter), the WebGL renderer, and
                    Chromium's own GPU report (CDP SystemInfo.getInfo: devices, driver, feature status)
  throughput:<b>    bench.html?suite=throughput&backend=<b> (src/bench/throughputSuite.ts): the reference MLP
                    by model.fit, our loop, K = 1/8/32 trained together, two workers; the Fashion-MNIST CNN
                    at batch 64 and 256 (cnn=1)
  torch             scripts/torch_throughput.py on CUDA and on the CPU (same reference MLP)
  fmnist            the app's timed search on the full Fashion-MNIST (as scripts/bench-fmnist.ts), the page's
                    request for datasets/fashion-mnist-9k.bin.gz answered with --fmnist-bundle; the study is
                    read back from the page's IndexedDB
Everything is printed as markdown and written to $OUT/gpu-bench.md (raw figures: gpu-bench.json; Chromium's
logs: chromium.log; machine facts: env.txt), rewritten after every step so a run cut short still leaves them.

Usage (see scripts/device/README.md):
  python3 scripts/device/gpu_bench.py --chrome /tmp/sweeplab-chromium --dist /tmp/sweeplab-dist \
      --fmnist-bundle /tmp/fmnist.bin.gz [--steps probe,throughput:webgpu,torch,throughput:wasm,fmnist]
      [--deadline 480] [--fmnist-minutes 2] [--fmnist-epochs 4] [--fmnist-workers 2] [--fmnist-backend webgpu]
"""
import argparse
import base64
import collections
import http.server
import json
import os
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STARTED = time.monotonic()

# Flags of e2e/chromium.ts (read from there when present, so the two cannot drift apart).
BASE_FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
              '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu']
# Always added here: no /dev/shm size surprises in a VM, no crash uploader, logs on stderr.
EXTRA_FLAGS = ['--headless', '--disable-dev-shm-usage', '--disable-breakpad', '--enable-logging=stderr',
               '--no-default-browser-check', '--mute-audio', '--window-size=1280,900']
# Tried in order by the probe: the first whose WebGPU adapter is not a fallback (SwiftShader) one wins, and
# among those one whose WebGL renderer is hardware too. Headless Chromium on Linux uses SwiftShader for GL and
# leaves WebGPU off; Dawn's Vulkan backend reaches the NVIDIA driver only with the Vulkan feature on, and
# without a display no Vulkan surface may be asked for.
PROFILES = collections.OrderedDict([
    ('vulkan', ['--enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan', '--use-vulkan=native',
                '--use-angle=vulkan', '--disable-vulkan-surface', '--ignore-gpu-blocklist', '--enable-unsafe-webgpu']),
    ('vulkan-swgl', ['--enable-features=Vulkan', '--use-vulkan=native', '--disable-vulkan-surface',
                     '--ignore-gpu-blocklist', '--enable-unsafe-webgpu']),
    ('egl', ['--enable-features=Vulkan', '--use-vulkan=native', '--disable-vulkan-surface', '--use-gl=angle',
             '--use-angle=gl-egl', '--ignore-gpu-blocklist', '--enable-unsafe-webgpu']),
    ('default', ['--enable-unsafe-webgpu']),
])

# bench-fmnist's FASHION_SPACE (scripts/bench-fmnist.ts): light two-block CNNs.
FASHION_SPACE = {'params': [
    {'name': 'conv_blocks', 'kind': 'categorical', 'choices': [2]},
    {'name': 'filters', 'kind': 'categorical', 'choices': [8, 16]},
    {'name': 'kernel_size', 'kind': 'categorical', 'choices': [3]},
    {'name': 'pooling', 'kind': 'categorical', 'choices': ['max']},
    {'name': 'conv_dropout', 'kind': 'categorical', 'choices': [0, 0.1]},
    {'name': 'normalization', 'kind': 'categorical', 'choices': ['none']},
    {'name': 'augment_flip', 'kind': 'categorical', 'choices': [False]},
    {'name': 'augment_shift', 'kind': 'categorical', 'choices': [0]},
    {'name': 'augment_rotation', 'kind': 'categorical', 'choices': [0]},
    {'name': 'augment_noise', 'kind': 'categorical', 'choices': [0]},
    {'name': 'learning_rate', 'kind': 'float', 'low': 1e-3, 'high': 4e-3, 'log': True},
    {'name': 'batch_size', 'kind': 'categorical', 'choices': [64]},
]}


def log(message):
    print(f'[{time.monotonic() - STARTED:6.1f}s] {message}', flush=True)


def base_flags():
    try:
        text = open(os.path.join(REPO, 'e2e', 'chromium.ts')).read()
        block = re.search(r'CHROMIUM_ARGS\s*=\s*\[(.*?)\]', text, re.S).group(1)
        flags = re.findall(r"'(--[^']+)'", block)
        return flags or BASE_FLAGS
    except (OSError, AttributeError):
        return BASE_FLAGS


# ---------------------------------------------------------------- minimal WebSocket client (RFC 6455)

class WebSocket:
    def __init__(self, url, timeout=15):
        parts = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        path = parts.path + (f'?{parts.query}' if parts.query else '')
        self.sock.sendall((f'GET {path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n'
                           f'Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n').encode())
        buf = b''
        while b'\r\n\r\n' not in buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError('WebSocket handshake: connection closed')
            buf += chunk
        head, self.buffer = buf.split(b'\r\n\r\n', 1)
        if b' 101 ' not in head.split(b'\r\n', 1)[0]:
            raise ConnectionError(f'WebSocket handshake refused: {head[:200]!r}')
        self.sock.settimeout(None)
        self.send_lock = threading.Lock()

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise ConnectionError('WebSocket closed')
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _send_frame(self, opcode, payload):
        header = bytearray([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header.append(0x80 | n)
        elif n < 65536:
            header.append(0x80 | 126)
            header += struct.pack('!H', n)
        else:
            header.append(0x80 | 127)
            header += struct.pack('!Q', n)
        mask = os.urandom(4)
        header += mask
        full = (mask * (n // 4 + 1))[:n]
        masked = (int.from_bytes(payload, 'big') ^ int.from_bytes(full, 'big')).to_bytes(n, 'big') if n else b''
        with self.send_lock:
            self.sock.sendall(bytes(header) + masked)

    def send(self, text):
        self._send_frame(0x1, text.encode())

    def recv(self):
        message = b''
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack('!H', self._read(2))[0]
            elif n == 127:
                n = struct.unpack('!Q', self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x8:
                raise ConnectionError('WebSocket closed by the browser')
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            message += payload
            if b0 & 0x80:
                return message.decode('utf-8', 'replace')

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class CdpError(Exception):
    pass


class Cdp:
    """Chrome DevTools Protocol over one browser connection; pages are flattened sessions on it."""

    def __init__(self, url):
        self.ws = WebSocket(url)
        self.next_id = 0
        self.pending = {}
        self.lock = threading.Lock()
        self.closed = None
        self.console = collections.deque(maxlen=300)
        self.crashed = set()
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        try:
            while True:
                msg = json.loads(self.ws.recv())
                if 'id' in msg:
                    with self.lock:
                        slot = self.pending.pop(msg['id'], None)
                    if slot:
                        slot['msg'] = msg
                        slot['event'].set()
                else:
                    self._event(msg)
        except Exception as error:  # the browser went away: wake every caller
            self.closed = error
            with self.lock:
                slots, self.pending = list(self.pending.values()), {}
            for slot in slots:
                slot['event'].set()

    def _event(self, msg):
        method, params = msg.get('method'), msg.get('params', {})
        if method == 'Runtime.consoleAPICalled':
            text = ' '.join(str(a.get('value', a.get('description', ''))) for a in params.get('args', []))
            self.console.append(f"console.{params.get('type')}: {text[:500]}")
        elif method == 'Runtime.exceptionThrown':
            d = params.get('exceptionDetails', {})
            self.console.append(f"exception: {d.get('exception', {}).get('description', d.get('text', ''))[:800]}")
        elif method == 'Log.entryAdded':
            e = params.get('entry', {})
            self.console.append(f"log.{e.get('level')}: {e.get('text', '')[:500]}")
        elif method in ('Inspector.targetCrashed', 'Target.targetCrashed'):
            self.crashed.add(msg.get('sessionId') or params.get('targetId'))
            self.console.append(f'{method} {params}')

    def call(self, method, params=None, session=None, timeout=30):
        with self.lock:
            self.next_id += 1
            ident = self.next_id
            slot = {'event': threading.Event()}
            self.pending[ident] = slot
        payload = {'id': ident, 'method': method, 'params': params or {}}
        if session:
            payload['sessionId'] = session
        if self.closed:
            raise CdpError(f'browser connection closed: {self.closed}')
        self.ws.send(json.dumps(payload))
        if not slot['event'].wait(timeout):
            with self.lock:
                self.pending.pop(ident, None)
            raise TimeoutError(f'{method} did not answer within {timeout} s')
        if 'msg' not in slot:
            raise CdpError(f'browser connection closed during {method}: {self.closed}')
        if 'error' in slot['msg']:
            raise CdpError(f"{method}: {slot['msg']['error'].get('message')} {slot['msg']['error'].get('data', '')}")
        return slot['msg'].get('result', {})

    def evaluate(self, session, expression, timeout=30):
        result = self.call('Runtime.evaluate', {'expression': expression, 'returnByValue': True, 'awaitPromise': True},
                           session, timeout)
        if 'exceptionDetails' in result:
            d = result['exceptionDetails']
            raise CdpError(f"page script failed: {d.get('exception', {}).get('description', d.get('text'))}")
        return result.get('result', {}).get('value')


# ---------------------------------------------------------------- the browser

def chrome_env(chrome_dir):
    env = dict(os.environ)
    libs = [os.path.join(chrome_dir, 'lib'), os.path.join(chrome_dir, 'lib', 'nss')]
    # The NVIDIA driver's user-space libraries (the Vulkan ICD's libGLX_nvidia.so.0, EGL) on the device.
    libs += [d for d in ('/usr/local/nvidia/lib64', '/usr/local/nvidia/lib') if os.path.isdir(d)]
    env['LD_LIBRARY_PATH'] = ':'.join(libs + ([env['LD_LIBRARY_PATH']] if env.get('LD_LIBRARY_PATH') else []))
    env['FONTCONFIG_FILE'] = os.path.join(chrome_dir, 'fonts.conf')
    # The device keeps NVIDIA's Vulkan ICD out of the loader's search path (device README: VK_DRIVER_FILES).
    icd = '/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json'
    system = [os.path.join(d, f) for d in ('/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d') if os.path.isdir(d) for f in os.listdir(d)]
    if os.path.exists(icd) and not any('nvidia' in f for f in system) and not any(k in env for k in ('VK_DRIVER_FILES', 'VK_ICD_FILENAMES', 'VK_ADD_DRIVER_FILES')):
        if system:
            env['VK_ADD_DRIVER_FILES'] = icd  # next to the ICDs found there
        else:
            env['VK_DRIVER_FILES'] = icd
            env['VK_ICD_FILENAMES'] = icd  # older loaders' name for the same thing
    egl = '/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json'
    if os.path.exists(egl) and '__EGL_VENDOR_LIBRARY_FILENAMES' not in env:
        env['__EGL_VENDOR_LIBRARY_FILENAMES'] = egl
    return env


class Browser:
    def __init__(self, chrome_dir, flags, label, log_file, wrap=None):
        self.label = label
        self.tmp = tempfile.mkdtemp(prefix='sweeplab-chrome-')
        exe = os.path.join(chrome_dir, 'chromium-headless-shell')
        self.argv = (wrap or []) + [exe] + flags + [f'--user-data-dir={self.tmp}', '--remote-debugging-port=0', 'about:blank']
        self.stderr = collections.deque(maxlen=3000)
        self.log_file = log_file
        log_file.write(f'\n===== {label}: {" ".join(self.argv)}\n')
        log_file.flush()
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     env=chrome_env(chrome_dir), start_new_session=True)
        threading.Thread(target=self._pump, daemon=True).start()
        port_file = os.path.join(self.tmp, 'DevToolsActivePort')

        def port_lines():
            try:
                with open(port_file) as f:
                    lines = f.read().split('\n')
                return lines if len(lines) >= 2 and lines[1] else None
            except OSError:
                return None
        deadline = time.monotonic() + 45
        while not port_lines():
            if self.proc.poll() is not None:
                raise RuntimeError(f'Chromium exited at start (code {self.proc.returncode}):\n{self.stderr_tail()}')
            if time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f'Chromium did not open its DevTools port within 45 s:\n{self.stderr_tail()}')
            time.sleep(0.1)
        port, path = port_lines()[:2]
        self.cdp = Cdp(f'ws://127.0.0.1:{port.strip()}{path.strip()}')
        self.version = self.cdp.call('Browser.getVersion')

    def _pump(self):
        for raw in self.proc.stderr:
            line = raw.decode('utf-8', 'replace').rstrip()
            self.stderr.append(line)
            try:
                self.log_file.write(line + '\n')
            except ValueError:
                pass

    def stderr_tail(self, lines=40):
        time.sleep(0.2)
        noise = ('dbus', 'Floss manager', 'drmGetDevices2', 'InitializeSandbox() called with multiple threads')
        return '\n'.join([line for line in self.stderr if not any(n in line for n in noise)][-lines:])

    def new_page(self):
        target = self.cdp.call('Target.createTarget', {'url': 'about:blank'})['targetId']
        session = self.cdp.call('Target.attachToTarget', {'targetId': target, 'flatten': True})['sessionId']
        for method in ('Runtime.enable', 'Log.enable', 'Page.enable', 'Inspector.enable'):
            try:
                self.cdp.call(method, session=session)
            except CdpError:
                pass
        return session

    def goto(self, session, url, timeout=60):
        """Navigates and waits until the new document has loaded (its scripts may still be running)."""
        self.cdp.call('Page.navigate', {'url': url}, session, timeout=timeout)
        until = time.monotonic() + timeout
        want = json.dumps(url.split('?')[0])
        while time.monotonic() < until:
            if self.cdp.evaluate(session, f"location.href.split('?')[0] === {want} && document.readyState === 'complete'", timeout=timeout):
                return
            time.sleep(0.2)
        raise TimeoutError(f'{url} did not load within {timeout} s')

    def alive(self, session=None):
        return self.proc.poll() is None and self.cdp.closed is None and session not in self.cdp.crashed

    def close(self):
        try:
            if getattr(self, 'cdp', None) and self.cdp.closed is None:
                self.cdp.call('Browser.close', timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the renderer, GPU and utility processes it started
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.cdp.ws.close()
        except Exception:
            pass
        shutil.rmtree(self.tmp, ignore_errors=True)


# ---------------------------------------------------------------- serving dist/

def make_server(dist, public, fmnist_bundle):
    types = {'.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json',
             '.gz': 'application/octet-stream', '.bin': 'application/octet-stream', '.html': 'text/html; charset=utf-8',
             '.css': 'text/css', '.svg': 'image/svg+xml', '.csv': 'text/csv', '.md': 'text/markdown', '.png': 'image/png',
             '.txt': 'text/plain'}
    probe_page = b'<!doctype html><meta charset="utf-8"><title>probe</title><p>probe</p>'

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, *args):
            pass

        def _send(self, status, body, ctype):
            self.send_response(status)
            self.send_header('Content-Type', ctype)
            self.send_header('Content-Length', str(len(body)))
            self.send_header('Cache-Control', 'no-store')
            self.end_headers()
            if self.command != 'HEAD':
                self.wfile.write(body)

        def do_HEAD(self):
            self.do_GET()

        def do_GET(self):
            path = urllib.parse.unquote(urllib.parse.urlparse(self.path).path)
            if path == '/__probe.html':
                return self._send(200, probe_page, 'text/html')
            if path == '/sw.js':  # no service worker: every request reaches this server, none a cache
                return self._send(404, b'no service worker here', 'text/plain')
            if path.endswith('/'):
                path += 'index.html'
            rel = os.path.normpath(path.lstrip('/'))
            if rel.startswith('..'):
                return self._send(403, b'', 'text/plain')
            if fmnist_bundle and rel == os.path.join('datasets', 'fashion-mnist-9k.bin.gz'):
                file = fmnist_bundle  # the full dataset in the subset's place, gzipped; the page gunzips it
            else:
                file = next((c for c in (os.path.join(dist, rel), os.path.join(public, rel)) if os.path.isfile(c)), None)
            if not file:
                return self._send(404, b'not found', 'text/plain')
            with open(file, 'rb') as f:
                body = f.read()
            self._send(200, body, types.get(os.path.splitext(file)[1], 'application/octet-stream'))

    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f'http://127.0.0.1:{server.server_address[1]}/'


# ---------------------------------------------------------------- formatting

def fmt(value):
    return '—' if value is None else f'{round(value):,}'


def med(values):
    return statistics.median(values) if values else None


class Report:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.sections = []
        self.data = {}

    def add(self, title, lines, echo=True):
        text = '\n'.join([f'## {title}', ''] + lines + [''])
        if echo:
            print('\n' + text, flush=True)
        self.sections = [s for s in self.sections if not s.startswith(f'## {title}\n')] + [text]
        self.write()

    def write(self):
        if not self.out_dir:
            return
        with open(os.path.join(self.out_dir, 'gpu-bench.md'), 'w') as f:
            f.write('# Sweeplab on the device machine\n\n' + '\n'.join(self.sections))
        with open(os.path.join(self.out_dir, 'gpu-bench.json'), 'w') as f:
            json.dump(self.data, f, indent=1, default=str)


# ---------------------------------------------------------------- steps

PROBE_JS = r'''(async () => {
  const out = { secureContext: isSecureContext, hasGpu: !!navigator.gpu, userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency };
  const describe = async (options) => {
    const adapter = await navigator.gpu.requestAdapter(options);
    if (!adapter) return null;
    const info = adapter.info || {};
    const pick = ['vendor', 'architecture', 'device', 'description', 'driver', 'backend', 'type', 'isFallbackAdapter', 'subgroupMinSize', 'subgroupMaxSize'];
    const described = {};
    for (const k of pick) if (info[k] !== undefined && info[k] !== '') described[k] = info[k];
    if (described.isFallbackAdapter === undefined && adapter.isFallbackAdapter !== undefined) described.isFallbackAdapter = adapter.isFallbackAdapter;
    described.features = [...adapter.features].sort();
    described.limits = { maxBufferSize: adapter.limits.maxBufferSize, maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize, maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup };
    return described;
  };
  if (navigator.gpu) {
    try { out.adapter = await describe(undefined); } catch (e) { out.adapterError = String(e); }
    try { out.highPerformance = await describe({ powerPreference: 'high-performance' }); } catch (e) { out.highPerformanceError = String(e); }
  }
  for (const kind of ['webgl2', 'webgl']) {
    try {
      const gl = new OffscreenCanvas(8, 8).getContext(kind);
      if (!gl) { out[kind] = null; continue; }
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      out[kind] = { renderer: gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER), vendor: gl.getParameter(ext ? ext.UNMASKED_VENDOR_WEBGL : gl.VENDOR) };
    } catch (e) { out[kind] = { error: String(e) }; }
  }
  return out;
})()'''


def is_hardware(adapter):
    if not adapter:
        return False
    text = ' '.join(str(adapter.get(k, '')) for k in ('vendor', 'architecture', 'description', 'driver', 'type')).lower()
    return not adapter.get('isFallbackAdapter') and 'swiftshader' not in text and 'cpu' != str(adapter.get('type', '')).lower()


def webgl_hardware(result):
    gl = (result or {}).get('webgl2') or (result or {}).get('webgl')
    renderer = str(gl.get('renderer', '')).lower() if isinstance(gl, dict) else ''
    return bool(renderer) and not any(s in renderer for s in ('swiftshader', 'llvmpipe', 'software'))


def has_adapter(result):
    return bool((result or {}).get('adapter') or (result or {}).get('highPerformance'))


def probe_profile(ctx, name, flags):
    browser = Browser(ctx.chrome, ctx.base + EXTRA_FLAGS + flags, f'probe {name}', ctx.log_file, ctx.wrap)
    try:
        session = browser.new_page()
        browser.goto(session, ctx.url + '__probe.html')
        result = browser.cdp.evaluate(session, PROBE_JS, timeout=60)
        try:
            info = browser.cdp.call('SystemInfo.getInfo', timeout=30)
        except Exception as error:
            info = {'error': str(error)}
        return {'profile': name, 'flags': flags, 'page': result, 'systemInfo': info, 'version': browser.version.get('product')}
    finally:
        browser.close()


def step_probe(ctx, cap):
    deadline = time.monotonic() + cap
    names = [ctx.args.profile] if ctx.args.profile else list(PROFILES)
    tried, chosen = [], None
    for name in names:
        if time.monotonic() > deadline:
            break
        try:
            r = probe_profile(ctx, name, PROFILES[name])
        except Exception as error:
            r = {'profile': name, 'flags': PROFILES[name], 'error': f'{error}'}
        tried.append(r)
        page = r.get('page') or {}
        r['webgpuHardware'] = is_hardware(page.get('adapter')) or is_hardware(page.get('highPerformance'))
        r['webglHardware'] = webgl_hardware(page)
        log(f"probe {name}: WebGPU {'hardware' if r['webgpuHardware'] else 'software/none'}, "
            f"WebGL {'hardware' if r['webglHardware'] else 'software/none'}{'; ' + r['error'][:300] if r.get('error') else ''}")
        if r['webgpuHardware'] and r['webglHardware']:
            break
    ranked = sorted(tried, key=lambda r: (not r.get('webgpuHardware'), not has_adapter(r.get('page')), not r.get('webglHardware'), 'error' in r))
    chosen = ranked[0] if ranked else None
    if chosen and 'error' not in chosen:
        ctx.flags = PROFILES[chosen['profile']]
        ctx.profile = chosen['profile']
    ctx.probed = True
    ctx.hardware = bool(chosen and chosen.get('webgpuHardware'))
    ctx.report.data['probe'] = tried
    lines = ['| profile | WebGPU adapter | fallback? | WebGL renderer | error |', '|---|---|---|---|---|']
    for r in tried:
        page = r.get('page') or {}
        a = page.get('adapter') or page.get('highPerformance') or {}
        adapter = ' / '.join(str(a.get(k)) for k in ('vendor', 'architecture', 'description', 'driver', 'backend', 'type') if a.get(k)) or ('none' if page else '—')
        gl = (page.get('webgl2') or page.get('webgl') or {})
        lines.append(f"| {r['profile']} | {adapter} | {a.get('isFallbackAdapter', '—')} | {gl.get('renderer', gl.get('error', '—')) if isinstance(gl, dict) else gl} | {(r.get('error') or '')[:200].replace(chr(10), ' ')} |")
    lines.append('')
    if chosen:
        lines.append(f"Chosen profile: **{ctx.profile}** — flags `{' '.join(ctx.flags)}`; browser {chosen.get('version', '?')}.")
        page = chosen.get('page') or {}
        a = page.get('adapter') or {}
        if a:
            lines.append(f"Adapter features: {', '.join(a.get('features', []))}; limits {json.dumps(a.get('limits'))}.")
        gpu = (chosen.get('systemInfo') or {}).get('gpu') or {}
        for d in gpu.get('devices', []):
            lines.append(f"SystemInfo GPU: vendor 0x{d.get('vendorId', 0):04x} device 0x{d.get('deviceId', 0):04x} {d.get('vendorString', '')} {d.get('deviceString', '')} driver {d.get('driverVendor', '')} {d.get('driverVersion', '')}")
        status = gpu.get('featureStatus') or {}
        if status:
            lines.append('Feature status: ' + ', '.join(f'{k}={v}' for k, v in sorted(status.items())))
        aux = gpu.get('auxAttributes') or {}
        keep = {k: v for k, v in aux.items() if re.search(r'gl_renderer|gl_vendor|gl_version|angle|vulkan|skia|display|gpu_compositing|passthrough|software', k, re.I)}
        if keep:
            lines.append('Aux attributes: ' + '; '.join(f'{k}={str(v)[:120]}' for k, v in sorted(keep.items())))
    ctx.report.add('WebGPU probe', lines)


def step_throughput(ctx, backend, cap):
    args = ctx.args
    budget = max(10, int(cap - 25))
    query = urllib.parse.urlencode({'suite': 'throughput', 'backend': backend, 'rounds': args.rounds, 'repeats': args.repeats,
                                    'samples': args.samples, 'budget': budget, 'cnn': '1' if args.cnn else '0', 'cnnRows': args.cnn_rows})
    browser = Browser(ctx.chrome, ctx.base + EXTRA_FLAGS + ctx.flags, f'throughput {backend}', ctx.log_file, ctx.wrap)
    outcome, progress, problem = None, None, None
    try:
        session = browser.new_page()
        browser.goto(session, f'{ctx.url}bench.html?{query}')
        deadline = time.monotonic() + cap
        last_current = None
        while time.monotonic() < deadline:
            if not browser.alive(session):
                problem = 'the browser or page died'
                break
            state = browser.cdp.evaluate(session, '({ done: window.sweeplabThroughput ?? null, progress: window.sweeplabThroughputProgress ?? null })', timeout=30)
            outcome, progress = state.get('done'), state.get('progress') or progress
            if outcome:
                break
            current = (progress or {}).get('current')
            if current and current != last_current:
                log(f'throughput {backend}: {current}')
                last_current = current
            time.sleep(2)
        else:
            problem = f'no result within the cap of {cap:.0f} s; rows measured so far are shown'
    except Exception as error:
        problem = f'{type(error).__name__}: {error}'
    finally:
        if problem:
            problem += '\nChromium stderr (tail):\n' + browser.stderr_tail() + '\nPage console (tail):\n' + '\n'.join(list(browser.cdp.console)[-15:] if getattr(browser, 'cdp', None) else [])
        browser.close()
    rows = (outcome or progress or {}).get('rows', [])
    ctx.report.data[f'throughput:{backend}'] = {'outcome': outcome, 'progress': progress, 'problem': problem}
    ctx.throughput[backend] = rows
    header = (outcome or {}).get('report') or (progress or {}).get('report') or {}
    lines = [f"Backend {backend}: worker chose {header.get('chosen', '?')} — {header.get('reason', '')}{'; notes: ' + '; '.join(header.get('notes', [])) if header.get('notes') else ''}.",
             f"{args.rounds} round(s) × {args.repeats} timed repeats per row; MLP rows {args.samples:,} samples per repeat"
             f"{f'; CNN rows one epoch of {args.cnn_rows:,} synthetic 28×28 images per repeat (after one untimed epoch)' if args.cnn else ''}."
             f" Elapsed {(outcome or progress or {}).get('elapsedSeconds', 0):.0f} s.", '',
             '| how | batch | median samples/s | min | max | n | note |', '|---|---:|---:|---:|---:|---:|---|']
    for row in rows:
        v = row.get('samplesPerSecond') or []
        lines.append(f"| {row['label']} | {row.get('batchSize', 128)} | {fmt(med(v))} | {fmt(min(v) if v else None)} | {fmt(max(v) if v else None)} | {len(v)} | {(row.get('note') or '')[:160]} |")
    if (outcome or {}).get('error'):
        lines.append(f"\nSuite stopped early: {outcome['error']}")
    if problem:
        lines += ['', '```', problem[-4000:], '```']
    ctx.report.add(f'Throughput, {backend}', lines)


def step_torch(ctx, cap):
    python = ctx.args.torch_python or sys.executable
    script = os.path.join(REPO, 'scripts', 'torch_throughput.py')
    runs = []
    threads_n = os.cpu_count() or 1
    plans = [('cuda', ['--device', 'cuda', '--threads', '1', '--models', ctx.args.torch_models]),
             ('cpu', ['--device', 'cpu', '--threads', f'1,{threads_n}' if threads_n > 1 else '1', '--models', '1,8,32'])]
    lines = ['| PyTorch | device | threads | K models | median samples/s | min | max | n |', '|---|---|---:|---:|---:|---:|---:|---:|']
    problems = []
    deadline = time.monotonic() + cap
    for device, extra in plans:
        left = deadline - time.monotonic()
        if left < 10:
            problems.append(f'{device}: skipped, step time cap reached')
            continue
        try:
            done = subprocess.run([python, script, '--repeats', '3', '--seconds', '0.5'] + extra, capture_output=True, text=True, timeout=left)
            got = [json.loads(line) for line in done.stdout.splitlines() if line.startswith('{')]
            runs += got
            if done.returncode != 0:
                problems.append(f'{device}: exit {done.returncode}: {done.stderr.strip()[-600:]}')
        except subprocess.TimeoutExpired as error:
            text = error.stdout.decode() if isinstance(error.stdout, bytes) else (error.stdout or '')
            got = [json.loads(line) for line in text.splitlines() if line.startswith('{')]
            runs += got
            problems.append(f'{device}: cut off at the step cap')
        except Exception as error:
            problems.append(f'{device}: {error}')
    for r in runs:
        v = r['samples_per_second']
        lines.append(f"| {r['torch']} | {r.get('device', 'cpu')} | {r['threads']} | {r['models']} | {fmt(r['median'])} | {fmt(min(v))} | {fmt(max(v))} | {len(v)} |")
    if problems:
        lines += [''] + [f'- {p}' for p in problems]
    ctx.torch = runs
    ctx.report.data['torch'] = {'runs': runs, 'problems': problems}
    ctx.report.add('PyTorch, same reference MLP (64 → 128 relu → 10, Adam, batch 128)', lines)


def comparison(ctx, echo=False):
    """One line per way of training, the backends side by side, with PyTorch at the same K."""
    if not ctx.throughput:
        return
    backends = list(ctx.throughput)
    keyed = collections.OrderedDict()
    for backend, rows in ctx.throughput.items():
        for row in rows:
            if backend == 'wasm' and 'shipped' in row['label']:
                continue  # WASM's rows without our matMul: see its own table
            label = re.sub(r', routed matMul$', '', row['label'])
            key = (row.get('mode'), row.get('models'), row.get('workers'), row.get('batchSize'))
            keyed.setdefault(key, {'label': label})[backend] = med(row.get('samplesPerSecond') or [])
    torch_at = lambda device, threads, k: next((r['median'] for r in ctx.torch if r.get('device', 'cpu') == device and r['threads'] == threads and r['models'] == k), None)
    n = max([r['threads'] for r in ctx.torch if r.get('device') == 'cpu'] or [1])
    head = ['how'] + backends + ['PyTorch CUDA', 'PyTorch CPU 1 thr'] + ([f'PyTorch CPU {n} thr'] if n > 1 else [])
    if 'webgpu' in backends and 'wasm' in backends:
        head.append('webgpu / wasm')
    if 'webgpu' in backends:
        head.append('webgpu / torch CUDA')
    lines = ['| ' + ' | '.join(head) + ' |', '|---|' + '---:|' * (len(head) - 1)]
    for (mode, models, workers, batch), entry in keyed.items():
        k = models * (workers or 1) if mode == 'group' else 1
        is_mlp = mode != 'cnn'
        tc = torch_at('cuda', 1, k) if is_mlp and (workers or 1) == 1 else None
        t1 = torch_at('cpu', 1, k) if is_mlp and (workers or 1) == 1 else None
        tn = torch_at('cpu', n, k) if is_mlp and (workers or 1) == 1 else None
        cells = [entry['label']] + [fmt(entry.get(b)) for b in backends] + [fmt(tc), fmt(t1)] + ([fmt(tn)] if n > 1 else [])
        if 'webgpu' in backends and 'wasm' in backends:
            a, b = entry.get('webgpu'), entry.get('wasm')
            cells.append(f'{a / b:.2f}×' if a and b else '—')
        if 'webgpu' in backends:
            a = entry.get('webgpu')
            cells.append(f'{a / tc:.3f}×' if a and tc else '—')
        lines.append('| ' + ' | '.join(cells) + ' |')
    lines.append('')
    lines.append('Samples/s, medians. PyTorch columns: same K trained together (stacked weights, bmm), one process; empty where no like-for-like run exists (two workers, CNN).')
    ctx.report.add('Side by side', lines, echo)


IDB_JS = r'''(async () => {
  const db = await new Promise((resolve, reject) => { const r = indexedDB.open('sweeplab'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const all = (store) => new Promise((resolve, reject) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const studies = await all('studies');
  if (studies.length === 0) return null;
  const study = studies.sort((a, b) => (a.updatedAt ?? 0) - (b.updatedAt ?? 0)).at(-1);
  const trials = (await all('trials')).filter((t) => t.studyId === study.id);
  const epochs = (await all('epochs')).filter((e) => e.studyId === study.id && e.fold === 0);
  const epochCount = {};
  for (const e of epochs) (epochCount[e.trialNumber] ??= new Set()).add(e.epoch);
  db.close();
  const { config, ...rest } = study;
  return { study: { ...rest, preset: config?.presetId ?? config?.preset ?? null }, trials: trials.map((t) => ({ number: t.number, state: t.state, params: t.params, value: t.value, startedAt: t.startedAt, durationMs: t.durationMs, metrics: t.metrics, epochs: epochCount[t.number]?.size ?? 0 })) };
})()'''

STATUS_JS = "(() => { const s = document.querySelector('[role=status]'); return s ? s.textContent : null; })()"
STOP_JS = "(() => { const b = [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === 'Stop'); if (b) b.click(); return !!b; })()"


def step_fmnist(ctx, cap):
    args = ctx.args
    minutes = args.fmnist_minutes
    # The study's budget is whole minutes; leave room for loading 70,000 images and the refit after it.
    fit = int((cap - 120) // 60)
    if fit < minutes:
        log(f'fmnist: only {cap:.0f} s left, budget cut from {minutes} to {max(1, fit)} min')
        minutes = max(1, fit)
    space = json.dumps(FASHION_SPACE if not args.fmnist_space else json.loads(args.fmnist_space), separators=(',', ':'))
    params = {'dataset': 'fashion-mnist', 'preset': args.fmnist_preset, 'minutes': minutes, 'workers': args.fmnist_workers,
              'backend': args.fmnist_backend, 'seed': 42}
    if args.fmnist_epochs:
        params['epochs'] = args.fmnist_epochs
    query = urllib.parse.urlencode(params) + '&space=' + urllib.parse.quote(space) + '&autostart=1'
    browser = Browser(ctx.chrome, ctx.base + EXTRA_FLAGS + ctx.flags, 'fmnist', ctx.log_file, ctx.wrap)
    problem, status, data = None, None, None
    started = time.monotonic()
    try:
        session = browser.new_page()
        browser.goto(session, f'{ctx.url}?{query}')
        deadline = started + cap - 25
        last_print = 0
        while True:
            if not browser.alive(session):
                problem = 'the browser or page died'
                break
            status = browser.cdp.evaluate(session, STATUS_JS, timeout=30)
            if status and re.search(r'Finished|Stopped|Failed', status):
                break
            if time.monotonic() - last_print > 30:
                log(f'fmnist: {(status or "")[:160]}')
                last_print = time.monotonic()
            if time.monotonic() > deadline:
                problem = f'not finished within the cap of {cap:.0f} s; stopped it'
                browser.cdp.evaluate(session, STOP_JS)
                stop_until = time.monotonic() + 15
                while time.monotonic() < stop_until:
                    status = browser.cdp.evaluate(session, STATUS_JS, timeout=10)
                    if status and re.search(r'Finished|Stopped|Failed', status):
                        break
                    time.sleep(1)
                break
            time.sleep(2)
        wall = time.monotonic() - started
        time.sleep(1)  # the last IndexedDB writes
        data = browser.cdp.evaluate(session, IDB_JS, timeout=60)
    except Exception as error:
        problem = f'{type(error).__name__}: {error}'
        wall = time.monotonic() - started
    finally:
        if problem:
            problem += '\nChromium stderr (tail):\n' + browser.stderr_tail() + '\nPage console (tail):\n' + '\n'.join(list(browser.cdp.console)[-20:] if getattr(browser, 'cdp', None) else [])
        browser.close()
    ctx.report.data['fmnist'] = {'status': status, 'data': data, 'problem': problem, 'minutes': minutes, 'url_query': query}
    what = f'bundle {os.path.basename(args.fmnist_bundle)}' if args.fmnist_bundle else 'the built-in 9,000-image subset'
    lines = [f"Fashion-MNIST from {what} (the full one: 60,000 train / 10,000 official test); {args.fmnist_preset}; {minutes} min budget; {args.fmnist_workers} workers; backend {args.fmnist_backend}; epochs cap {args.fmnist_epochs or 'preset'}.",
             f"Final status: {(status or '—').strip()[:300]}", '']
    if data:
        study = data['study']
        origin = study.get('startedAt') or min((t['startedAt'] for t in data['trials']), default=0)
        lines += ['| trial | finished at (min) | state | epochs | validation accuracy | best so far | params |', '|---:|---:|---|---:|---:|---:|---|']
        best = 0.0
        for t in sorted(data['trials'], key=lambda t: (t['startedAt'] or 0) + (t['durationMs'] or 0)):
            end = ((t['startedAt'] or 0) + (t['durationMs'] or 0) - origin) / 60000
            if t['value'] is not None and t['value'] > best:
                best = t['value']
            shown = ' '.join(f"{k}={float(f'{v:.3g}') if isinstance(v, float) else v}" for k, v in (t['params'] or {}).items()
                             if k in ('conv_blocks', 'filters', 'learning_rate', 'batch_size', 'conv_dropout'))
            value = '—' if t['value'] is None else f"{t['value']:.4f}"
            lines.append(f"| {t['number']} | {end:.1f} | {t['state']} | {t['epochs']} | {value} | {best:.4f} | {shown} |")
        backend = (study.get('backend') or {})
        study_minutes = ((study.get('finishedAt') or 0) - origin) / 60000 if study.get('finishedAt') else None
        test = ((study.get('best') or {}).get('testMetrics') or {}).get('accuracy')
        lines += ['', f"Backend: {backend.get('chosen', '?')} ({backend.get('reason', '')}). Study {'—' if study_minutes is None else f'{study_minutes:.1f}'} min (search + refit of the best on all 60,000 training images); page wall {wall / 60:.1f} min; study status {study.get('status')}{' — ' + study['message'] if study.get('message') else ''}.",
                  f"Test accuracy of the refit best model on the 10,000 official test images: {'—' if test is None else f'{test:.4f}'}"]
    else:
        lines.append('No study was found in the page\'s IndexedDB.')
    if problem:
        lines += ['', '```', problem[-4000:], '```']
    ctx.report.add(f'Fashion-MNIST study, {args.fmnist_backend}', lines)


def vulkaninfo(chrome_dir):
    exe = os.path.join(chrome_dir, 'bin', 'vulkaninfo')
    if not os.path.exists(exe):
        return '(no vulkaninfo in the bundle)'
    try:
        done = subprocess.run([exe, '--summary'], capture_output=True, text=True, timeout=30, env=chrome_env(chrome_dir))
        return (done.stdout + done.stderr).strip()[-6000:]
    except Exception as error:
        return f'({error})'


def environment(ctx):
    lines = []

    def run(cmd):
        try:
            done = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20)
            return (done.stdout + done.stderr).strip()
        except Exception as error:
            return f'({error})'
    facts = collections.OrderedDict([
        ('nvidia-smi', run('nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm --format=csv,noheader 2>&1 | head -4')),
        ('cpu', run("grep -m1 'model name' /proc/cpuinfo; nproc")),
        ('os', run('. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"; uname -r')),
        ('vulkan ICDs', run('ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/nvidia/share/vulkan/icd.d 2>&1; cat /usr/local/nvidia/share/vulkan/icd.d/*.json 2>/dev/null | head -20')),
        ('nvidia libs', run("ls /usr/local/nvidia/lib64 2>/dev/null | grep -E 'GLX_nvidia|EGL_nvidia|vulkan|libcuda.so' | head; ldconfig -p | grep -E 'libvulkan|libGLX_nvidia|libEGL_nvidia|libcuda.so' | head")),
        ('/dev', run('ls /dev | grep -E "nvidia|dri|shm" | tr "\\n" " "; df -h /dev/shm 2>/dev/null | tail -1')),
        ('vulkaninfo', vulkaninfo(ctx.chrome)),
    ])
    with open(os.path.join(ctx.out, 'env.txt') if ctx.out else os.devnull, 'w') as f:
        for k, v in facts.items():
            f.write(f'## {k}\n{v}\n\n')
    ctx.report.data['environment'] = facts
    for k in ('nvidia-smi', 'cpu', 'os'):
        lines.append(f"- {k}: {facts[k].replace(chr(10), '; ')}")
    devices = re.findall(r'deviceName\s*=\s*(.+)', facts['vulkaninfo'])
    drivers = re.findall(r'driverInfo\s*=\s*(.+)', facts['vulkaninfo'])
    lines.append(f"- Vulkan devices (bundled loader): {', '.join(d.strip() for d in devices) or 'none — ' + facts['vulkaninfo'][-300:].replace(chr(10), ' ')}"
                 f"{'; driver ' + ', '.join(d.strip() for d in drivers) if drivers else ''}")
    env = chrome_env(ctx.chrome)
    lines.append(f"- Vulkan driver files: {env.get('VK_DRIVER_FILES') or env.get('VK_ADD_DRIVER_FILES') or '(loader default)'}; LD_LIBRARY_PATH {env['LD_LIBRARY_PATH']}")
    ctx.report.add('Machine', lines)


class Context:
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--chrome', required=True, help='folder of the extracted sweeplab-chromium bundle')
    parser.add_argument('--dist', default=os.path.join(REPO, 'dist'), help='the bench build (vite build --mode bench)')
    parser.add_argument('--public', default=os.path.join(REPO, 'public'), help='served where dist/ lacks a file (datasets)')
    parser.add_argument('--fmnist-bundle', help='full Fashion-MNIST bundle (gzipped) answered for datasets/fashion-mnist-9k.bin.gz')
    parser.add_argument('--out', default=os.environ.get('OUT'), help='folder for gpu-bench.md/json, chromium.log, env.txt ($OUT)')
    parser.add_argument('--steps', default='probe,throughput:webgpu,torch,throughput:wasm,fmnist')
    parser.add_argument('--deadline', type=float, default=480, help='seconds for everything; steps are cut to fit')
    parser.add_argument('--profile', choices=list(PROFILES), help='skip the probe\'s search and use this flag profile')
    parser.add_argument('--probe-cap', type=float, default=60)
    parser.add_argument('--throughput-cap', type=float, default=90, help='seconds per backend')
    parser.add_argument('--rounds', type=int, default=1)
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--samples', type=int, default=32768, help='samples per timed repeat of the MLP rows')
    parser.add_argument('--cnn', type=int, default=1, help='1: add the CNN rows')
    parser.add_argument('--cnn-rows', type=int, default=8192)
    parser.add_argument('--torch-cap', type=float, default=60)
    parser.add_argument('--torch-python', help='python with torch (default: this one)')
    parser.add_argument('--torch-models', default='1,8,32,256', help='K values on CUDA')
    parser.add_argument('--fmnist-cap', type=float, default=270)
    parser.add_argument('--fmnist-minutes', type=int, default=2)
    parser.add_argument('--fmnist-epochs', type=int, default=4)
    parser.add_argument('--fmnist-workers', type=int, default=2)
    parser.add_argument('--fmnist-backend', default='webgpu')
    parser.add_argument('--fmnist-preset', default='quick-images')
    parser.add_argument('--fmnist-space', help='search space JSON (default: bench-fmnist\'s FASHION_SPACE)')
    parser.add_argument('--extra-flags', help='more Chromium flags for every launch (quoted, space-separated)')
    parser.add_argument('--allow-software', action='store_true',
                        help='run the WebGPU steps even when the probe found only a software (SwiftShader) adapter')
    parser.add_argument('--wrap', help=argparse.SUPPRESS)  # a command prefix for Chromium (local tests: "chroot /x")
    args = parser.parse_args()

    ctx = Context()
    ctx.args = args
    ctx.chrome = os.path.abspath(args.chrome)
    ctx.out = args.out
    ctx.wrap = args.wrap.split() if args.wrap else None
    ctx.base = base_flags() + (args.extra_flags.split() if args.extra_flags else [])
    ctx.flags, ctx.profile = PROFILES['vulkan'] if not args.profile else PROFILES[args.profile], args.profile or 'vulkan (not probed)'
    ctx.throughput, ctx.torch = collections.OrderedDict(), []
    ctx.probed, ctx.hardware = False, False
    if ctx.out:
        os.makedirs(ctx.out, exist_ok=True)
    ctx.report = Report(ctx.out)
    ctx.log_file = open(os.path.join(ctx.out, 'chromium.log') if ctx.out else os.devnull, 'w')
    if not os.path.isfile(os.path.join(args.dist, 'bench.html')):
        sys.exit(f'no bench build at {args.dist} (bench.html missing: run npx vite build --mode bench)')
    server, ctx.url = make_server(os.path.abspath(args.dist), os.path.abspath(args.public),
                                  os.path.abspath(args.fmnist_bundle) if args.fmnist_bundle else None)
    log(f'serving {args.dist} at {ctx.url}; deadline {args.deadline:.0f} s; steps {args.steps}')
    deadline = STARTED + args.deadline
    caps = {'probe': args.probe_cap, 'throughput': args.throughput_cap, 'torch': args.torch_cap, 'fmnist': args.fmnist_cap}
    try:
        environment(ctx)
    except Exception as error:
        log(f'environment: {error}')
    steps = [s.strip() for s in args.steps.split(',') if s.strip()]
    for step in steps:
        left = deadline - time.monotonic()
        kind, _, backend = step.partition(':')
        cap = min(caps.get(kind, 60), left - 5)
        gpu_step = (kind == 'throughput' and backend in ('', 'webgpu', 'webgl')) or (kind == 'fmnist' and args.fmnist_backend in ('webgpu', 'webgl', 'auto'))
        if gpu_step and ctx.probed and not ctx.hardware and not args.allow_software:
            ctx.report.add(f'Skipped: {step}', ['The probe found no hardware WebGPU adapter (see above and chromium.log); '
                                                'skipped to save device time. --allow-software runs it anyway.'])
            continue
        if cap < 20:
            ctx.report.add(f'Skipped: {step}', [f'Only {left:.0f} s of the {args.deadline:.0f} s deadline were left.'])
            continue
        log(f'step {step} (cap {cap:.0f} s)')
        try:
            if kind == 'probe':
                step_probe(ctx, cap)
            elif kind == 'throughput':
                step_throughput(ctx, backend or 'webgpu', cap)
            elif kind == 'torch':
                step_torch(ctx, cap)
            elif kind == 'fmnist':
                step_fmnist(ctx, cap)
            else:
                raise ValueError(f'unknown step {step}')
        except Exception:
            ctx.report.add(f'Failed: {step}', ['```', traceback.format_exc()[-3000:], '```'])
        if kind in ('throughput', 'torch'):
            comparison(ctx)  # kept up to date in gpu-bench.md, printed once at the end
    comparison(ctx, echo=True)
    server.shutdown()
    ctx.log_file.close()
    log('done')


if __name__ == '__main__':
    main()
