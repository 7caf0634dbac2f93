/**
 * How our tests and benchmarks launch Debian's Chromium: no browser download is possible on
 * our machines, and without the background-networking flags Chromium keeps dialling out.
 */
module.exports = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic'
  ]
};
