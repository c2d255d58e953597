#include "app/export_command.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/book_folder.hpp"
#include "app/folder_book_document.hpp"
#include "app/progress_display.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "db/database.hpp"
#include "export/exporter.hpp"

namespace authorworks {
namespace {

namespace fs = std::filesystem;

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

struct CommandFailure {
  int exit_code;
  std::string message;
};

// "812 KB", "1.4 MB"
std::string format_size(std::uintmax_t bytes) {
  char text[32];
  if (bytes < 1024 * 1024) {
    std::snprintf(text, sizeof text, "%ju KB", (bytes + 1023) / 1024);
  } else {
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  }
  return text;
}

bool has_text(const exporting::BookDocument& book) {
  for (const auto& chapter : book.chapters) {
    for (const auto& scene : chapter.scenes) {
      if (scene.text.find_first_not_of(" \t\r\n") != std::string::npos) return true;
    }
  }
  return false;
}

// --output names the file for one format and the folder for several; without it, the files go
// next to the Markdown that `generate` wrote.
fs::path destination_for(const ExportOptions& options, const exporting::BookDocument& book,
                         exporting::ExportFormat format) {
  const auto name = exporting::export_file_name(book, format);
  if (options.output.empty()) return fs::path(options.directory) / name;
  const fs::path output(options.output);
  if (options.formats.size() > 1 || fs::is_directory(output)) {
    std::error_code ec;
    fs::create_directories(output, ec);
    if (ec) throw CommandFailure{kExitFailed, "cannot create '" + output.string() + "': " + ec.message()};
    return output / name;
  }
  return output;
}

int export_book(const ExportOptions& options) {
  const fs::path folder(options.directory);
  if (!fs::exists(book_database_file(folder))) {
    throw CommandFailure{kExitUsage, "'" + options.directory +
                                         "' holds no book (no .authorworks/book.db); write one first with "
                                         "'authorworks generate --out " +
                                         options.directory + "'"};
  }
  auto database = open_book_database(folder, 1);
  const auto found = folder_book(*database);
  if (!found) throw CommandFailure{kExitFailed, "'" + options.directory + "' holds no book yet"};
  const auto book = load_folder_book_document(*database, found->id);
  if (!has_text(book)) {
    throw CommandFailure{kExitFailed,
                         "'" + book.title + "' has no text yet; let 'authorworks generate' write it first"};
  }
  for (const auto format : options.formats) {
    const auto destination = destination_for(options, book, format);
    const auto started = std::chrono::steady_clock::now();
    exporting::render_export(book, format, destination);
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    std::error_code ec;
    const auto size = fs::file_size(destination, ec);
    std::cout << "wrote " << destination.string() << " (" << exporting::format_name(format) << ", "
              << format_size(ec ? 0 : size) << ", " << format_grouped_count(elapsed.count()) << " ms)\n";
  }
  return 0;
}

}  // namespace

int run_export(const ExportOptions& options) {
  log::configure(LogLevel::warn, LogFormat::text);
  int rc = kExitFailed;
  try {
    rc = export_book(options);
  } catch (const CommandFailure& f) {
    std::cerr << "authorworks: " << f.message << "\n";
    rc = f.exit_code;
  } catch (const Error& e) {
    std::cerr << "authorworks: " << e.detail() << "\n";
    rc = e.code() == ErrorCode::validation_failed ? kExitUsage : kExitFailed;
  } catch (const std::exception& e) {
    std::cerr << "authorworks: " << e.what() << "\n";
    rc = kExitFailed;
  }
  log::shutdown();
  return rc;
}

}  // namespace authorworks
