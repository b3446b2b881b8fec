#include "duikou/io/error.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace duikou::io {

namespace {
std::string locate(const std::string& source, std::int64_t line, const std::string& field) {
    std::string where = source.empty() ? "<input>" : source;
    if (line > 0) where += ", line " + std::to_string(line);
    if (!field.empty()) where += ", field '" + field + "'";
    return where;
}
}  // namespace

InputError::InputError(std::string source, std::int64_t line, std::string field, const std::string& message)
    : std::runtime_error(locate(source, line, field) + ": " + message),
      source_(std::move(source)),
      line_(line),
      field_(std::move(field)) {}

FileError::FileError(std::string path, const std::string& reason, int error_number)
    : std::runtime_error(path + ": " + reason), path_(std::move(path)), errno_(error_number) {}

std::string read_file(const std::string& path) {
    // An ifstream opens a directory without complaint and then reads nothing.
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored))
        throw FileError(path, "is a directory, expected a file", EISDIR);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError(path, std::string("cannot open for reading (") + std::strerror(errno) + ")", errno);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw FileError(path, "read failed");
    return std::move(buffer).str();
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw FileError(path, std::string("cannot open for writing (") + std::strerror(errno) + ")", errno);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw FileError(path, "write failed");
}

}  // namespace duikou::io
