# litellm-mcp overlay relay: forwards 0.0.0.0:8080 to one address of a swarm's overlay network, so the
# checks on this host reach a task that has no port of its own here. Python's standard library only:
# it runs in the LiteLLM image, which every host of the deployment has. Arguments: host port [listen].
import socket, sys, threading

target = (sys.argv[1], int(sys.argv[2]))
listen = int(sys.argv[3]) if len(sys.argv) > 3 else 8080

def pipe(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass

def serve(client):
    try:
        upstream = socket.create_connection(target, 10)
    except OSError:
        client.close()
        return
    other = threading.Thread(target=pipe, args=(client, upstream), daemon=True)
    other.start()
    pipe(upstream, client)
    other.join(5)
    client.close()
    upstream.close()

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("0.0.0.0", listen))
listener.listen(128)
print("relay ready", flush=True)
while True:
    conn, _ = listener.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
