// The plain-systeminformation equivalent of our fast metrics, once a second.
import si from 'systeminformation';

let samples = 0;
async function sample() {
  await Promise.all([
    si.currentLoad(), // total and per core, and the load average
    si.mem(),
    si.networkStats('*'),
    si.disksIO(),
    si.fsStats(),
  ]);
  samples++;
}
setInterval(() => void sample(), 1000);
process.on('SIGTERM', () => {
  process.stderr.write(`systeminformation took ${samples} samples\n`);
  process.exit(0);
});
