# The same figures as our sampler with Python's psutil, once a second: CPU total and per core
# (user/system/idle), load average, memory and swap, network rates per interface and disk rates.
import os
import signal
import sys
import time

import psutil

samples = 0


def stop(*_):
    sys.stderr.write(f"psutil took {samples} samples\n")
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
psutil.cpu_times_percent()
psutil.cpu_times_percent(percpu=True)
previous = (time.monotonic(), psutil.net_io_counters(pernic=True), psutil.disk_io_counters())
while True:
    time.sleep(1 - time.time() % 1)
    total = psutil.cpu_times_percent()
    cores = psutil.cpu_times_percent(percpu=True)
    load = os.getloadavg()
    memory = psutil.virtual_memory()
    swap = psutil.swap_memory()
    now = (time.monotonic(), psutil.net_io_counters(pernic=True), psutil.disk_io_counters())
    elapsed = now[0] - previous[0]
    rates = {
        name: ((c.bytes_recv - previous[1][name].bytes_recv) / elapsed,
               (c.bytes_sent - previous[1][name].bytes_sent) / elapsed)
        for name, c in now[1].items() if name in previous[1]
    }
    disk = ((now[2].read_bytes - previous[2].read_bytes) / elapsed,
            (now[2].write_bytes - previous[2].write_bytes) / elapsed,
            (now[2].read_count - previous[2].read_count) / elapsed,
            (now[2].write_count - previous[2].write_count) / elapsed)
    previous = now
    samples += 1
