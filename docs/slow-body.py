"""Sends a POST /runs body one byte a second to cafesim on 127.0.0.1:18090; prints the answer."""
import socket,time
s=socket.create_connection(("127.0.0.1",18090))
body=b'{"scenario":"five-jobs","speed":1000}'
s.sendall(b'POST /runs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n' % len(body))
t=time.time(); s.settimeout(0.01); answer=b''
for b in body:
    try:
        s.sendall(bytes([b]))
    except OSError:
        break
    try:
        answer += s.recv(2000)
        if answer: break
    except socket.timeout:
        pass
    time.sleep(1)
s.settimeout(5)
try: answer += s.recv(2000)
except Exception: pass
print("after %.1f s:" % (time.time()-t), answer.decode().splitlines()[0], answer.decode().splitlines()[-1])
