// Run webpack.config.js from a script (tests' shared build, the event-bundle unit test) with the same
// configuration as the command line. Resolves when both compilations finished without errors.
import webpack from "webpack";
import config from "../webpack.config.js";

/** @param {Record<string, unknown>} env  the same values as `webpack --env`, objects allowed */
export function runWebpack(env = {}) {
  const configs = config(env, { mode: env.mode ?? "production" });
  const wanted = env.only ? configs.filter((c) => c.name === env.only) : configs;
  return new Promise((resolve, reject) => {
    const compiler = webpack(wanted);
    compiler.run((err, stats) => {
      // Close so the caches and file watchers let the process (or a test worker) exit.
      compiler.close((closeErr) => {
        if (err || closeErr) return reject(err ?? closeErr);
        if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true, errorDetails: true })));
        resolve(stats);
      });
    });
  });
}
