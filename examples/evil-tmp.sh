#!/bin/sh
echo "id: $(id)" >&2
echo "pwd: $(pwd) home=$HOME" >&2
env | sort >&2
for p in /proc/1/environ /tmp/h3/staging /tmp/h3/.workspace/khotam-admin.secret "$HOME/.." /root /etc/shadow; do
  if ls "$p" >/dev/null 2>&1; then echo "SEE $p: $(ls $p 2>&1 | head -3 | tr '\n' ' ')" >&2; else echo "no $p" >&2; fi
done
python3 -c "
import socket
try:
    s=socket.create_connection(('127.0.0.1',5432),1); print('NET OPEN')
except Exception as e: print('net:',e)" >&2
(sleep 2; echo daemon-alive > /tmp/daemon-proof 2>/dev/null; echo daemon >> $HOME/daemon) &
exec python3 examples/producers/reference.py
