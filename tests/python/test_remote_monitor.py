"""callbacks.RemoteMonitor against an HTTP server on 127.0.0.1 that the test runs."""
import http.server
import json
import threading
import urllib.parse

import numpy as np
import pytest

from multikeras import callbacks, layers, models


@pytest.fixture
def server():
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers['Content-Length'])).decode('utf-8')
            received.append((self.path, self.headers.get('Content-Type'), body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(('127.0.0.1', 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield 'http://127.0.0.1:%d' % httpd.server_port, received
    httpd.shutdown()
    httpd.server_close()


def _fit(monitor):
    model = models.Sequential([layers.Dense(1, input_shape=(2,))])
    model.compile('sgd', 'mse')
    model.fit(np.ones((4, 2)), np.zeros((4, 1)), epochs=2, verbose=0, callbacks=[monitor])


def test_posts_each_epoch_as_a_form_field(server):
    root, received = server
    _fit(callbacks.RemoteMonitor(root=root, path='/epochs/', field='payload'))
    assert [r[0] for r in received] == ['/epochs/', '/epochs/']
    first = json.loads(urllib.parse.parse_qs(received[0][2])['payload'][0])
    assert first['epoch'] == 0 and isinstance(first['loss'], float)


def test_posts_json_with_headers(server):
    root, received = server
    _fit(callbacks.RemoteMonitor(root=root, send_as_json=True, headers={'X-Run': '7'}))
    assert received[1][1] == 'application/json'
    assert json.loads(received[1][2])['epoch'] == 1


def test_unreachable_server_warns_and_training_goes_on():
    with pytest.warns(UserWarning, match='could not reach the server at http://127.0.0.1:9/'):
        _fit(callbacks.RemoteMonitor(root='http://127.0.0.1:9', path='/'))
