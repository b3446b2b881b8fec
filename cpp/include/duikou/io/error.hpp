// Errors of the readers: each names where the problem is (file, line, field).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace duikou::io {

// Malformed content. line is 1-based, 0 when unknown; field may be empty.
class InputError : public std::runtime_error {
  public:
    InputError(std::string source, std::int64_t line, std::string field, const std::string& message);

    const std::string& source() const { return source_; }
    std::int64_t line() const { return line_; }
    const std::string& field() const { return field_; }

  private:
    std::string source_;
    std::int64_t line_;
    std::string field_;
};

// A file that cannot be opened or read.
class FileError : public std::runtime_error {
  public:
    FileError(std::string path, const std::string& reason, int error_number = 0);
    int error_number() const { return errno_; }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
    int errno_;
};

// Whole content of a file, as bytes.
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content);

}  // namespace duikou::io
