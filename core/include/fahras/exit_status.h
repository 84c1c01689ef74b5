// The exit statuses of every fahras command, in one place. Each command's
// --help, man page (EXIT STATUS) and docs state the ones it uses.
//
//   status  fahras-index                         fahras-search, -analyze, -eval, -collisions
//   0       everything indexed                   success (also: a search that matched nothing)
//   1       indexed; some inputs skipped          the query, input or database was refused
//           with warnings                         (one line on stderr says why)
//   2       bad usage, or a failure (the          bad usage
//           failing batch is not committed)
//   3       SIGINT/SIGTERM: what was read
//           before is committed
//
// fahras-index keeps 2 for failures because scripts written against it
// treat any status above 1 as "the database did not get the inputs".
//
// Thread safety: constants.
#pragma once

namespace fahras {

enum ExitStatus : int {
  kExitSuccess = 0,
  kExitWarnings = 1,     // fahras-index: indexed, but some inputs were skipped with warnings
  kExitRefused = 1,      // the other commands: the query, an input or the database was refused
  kExitUsage = 2,        // every command: bad usage (unknown option, missing argument)
  kExitFailure = 2,      // fahras-index: a failure; the failing batch is not committed
  kExitInterrupted = 3,  // fahras-index: SIGINT/SIGTERM; what was read before is committed
};

}  // namespace fahras
