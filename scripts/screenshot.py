#!/usr/bin/env python3
"""Screenshots of the running demo club as a given user, for the README and reviews.

    scripts/screenshot.py --url http://localhost:8069 --db golf_demo --login admin --password admin \
        --lang zh_CN --width 1400 --height 900 "/odoo/action-golf_membership.golf_membership_action" out.png
    scripts/screenshot.py ... --login zhang.wei --password zhang.wei --width 390 --height 844 --full-page \
        /my/memberships/1 docs/screenshots/portal_membership_zh.png

Logs in through Odoo's JSON-RPC (``/web/session/authenticate``), hands the session cookie to a headless
Chromium over the DevTools protocol, opens each path and saves a PNG once the page is idle. Pairs of
``PATH FILE`` may be repeated. Only talks to the Odoo server given (normally on localhost).
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar

import websocket


def authenticate(url, db, login, password):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    payload = {"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": password}}
    request = urllib.request.Request(
        f"{url}/web/session/authenticate", data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    answer = json.load(opener.open(request))
    if answer.get("error"):
        raise SystemExit(f"login failed: {answer['error']['data']['message']}")
    return answer["result"]["uid"], next(cookie.value for cookie in jar if cookie.name == "session_id")


def set_language(url, session, uid, lang):
    payload = {"jsonrpc": "2.0", "params": {
        "model": "res.users", "method": "write", "args": [[uid], {"lang": lang}], "kwargs": {},
    }}
    request = urllib.request.Request(
        f"{url}/web/dataset/call_kw", data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Cookie": f"session_id={session}"},
    )
    urllib.request.urlopen(request).read()


class Chrome:
    def __init__(self, width, height):
        self.profile = tempfile.mkdtemp(prefix="golf-shot-")
        port = 9300 + os.getpid() % 500
        self.process = subprocess.Popen([
            shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={self.profile}", f"--remote-debugging-port={port}",
            f"--window-size={width},{height}", "about:blank",
        ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _attempt in range(50):
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
                page = next(target for target in targets if target["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.2)
        else:
            raise SystemExit("chromium did not start")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})

    def close(self):
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default=os.environ.get("GOLF_DEMO_DB", "golf_demo"))
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--lang", default="zh_CN", help="the user's language while shooting")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--wait", type=float, default=4.0, help="seconds to let the page settle")
    parser.add_argument("--full-page", action="store_true",
                        help="the whole page, however long (a phone page scrolls), not only the window")
    parser.add_argument("shots", nargs="+", metavar="PATH FILE")
    args = parser.parse_args()
    if len(args.shots) % 2:
        parser.error("give pairs of PATH FILE")
    uid, session = authenticate(args.url, args.db, args.login, args.password)
    if args.lang:
        set_language(args.url, session, uid, args.lang)
    chrome = Chrome(args.width, args.height)
    try:
        host = urllib.request.urlparse(args.url).hostname
        chrome.call("Network.enable")
        chrome.call("Network.setCookie", name="session_id", value=session, domain=host, path="/")
        chrome.call("Emulation.setDeviceMetricsOverride", width=args.width, height=args.height,
                    deviceScaleFactor=1, mobile=args.width < 600)
        for path, target in zip(args.shots[::2], args.shots[1::2]):
            chrome.call("Page.navigate", url=f"{args.url}{path}")
            time.sleep(args.wait)
            options = {}
            if args.full_page:
                size = chrome.call("Page.getLayoutMetrics")["cssContentSize"]
                options = {"captureBeyondViewport": True, "clip": {
                    "x": 0, "y": 0, "width": args.width, "height": max(size["height"], args.height), "scale": 1,
                }}
            data = chrome.call("Page.captureScreenshot", format="png", **options)["data"]
            with open(target, "wb") as file:
                file.write(base64.b64decode(data))
            print(target)
    finally:
        chrome.close()


if __name__ == "__main__":
    main()
