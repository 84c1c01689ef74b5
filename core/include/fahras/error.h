// The one exception hierarchy of the fahras libraries. Every error a
// library reports to its caller derives from fahras::Error and carries a
// message meant for the user: it names the file, line, query or database
// at fault. Commands catch these at their boundary, print one line on
// standard error and exit with a status from fahras/exit_status.h.
//
// Errors from below (Xapian::Error, std::system_error for I/O, std::bad_alloc)
// pass through unchanged unless a library can name what failed better.
//
// Thread safety: exception objects; nothing shared.
#pragma once

#include <stdexcept>

namespace fahras {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writing a database cannot go on: it is locked by another writer, holds
// documents analysed with another analyser or another schema version, or
// is laid out in a way the writer cannot extend (a sharded database given
// another shard count, a stub listing remote shards).
class IndexError : public Error {
 public:
  using Error::Error;
};

// A database cannot be searched: it is missing, corrupt, not a fahras
// database, built with a different analyser, or a stub file that lists it
// is malformed or names a shard that is unavailable.
class DatabaseError : public Error {
 public:
  using Error::Error;
};

// An option or setting out of its range, or two that do not go together.
// The message names the setting as the command spells it (--batch-size);
// commands report it as bad usage.
class UsageError : public Error {
 public:
  using Error::Error;
};

// A query that cannot be run: empty, only stop words, too big, or a syntax
// error. The message names the query.
class QueryError : public Error {
 public:
  using Error::Error;
};

// A stored passage record that cannot be decoded: the document data of a
// passage is damaged. The searcher reports it as a DatabaseError naming
// the database.
class CorruptRecordError : public Error {
 public:
  using Error::Error;
};

// A bad field declaration or field name, or a field recorded with
// another type. The message names the field.
class FieldError : public Error {
 public:
  using Error::Error;
};

}  // namespace fahras
