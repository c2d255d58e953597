#include "app/generate_command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <utility>

#include "app/book_folder.hpp"
#include "app/folder_book_document.hpp"
#include "app/progress_display.hpp"
#include "app/signals.hpp"
#include "core/config.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "db/database.hpp"
#include "events/event_bus.hpp"
#include "export/markdown_renderer.hpp"
#include "export/slug.hpp"
#include "export/word_count.hpp"
#include "generation/engine.hpp"
#include "llm/pricing.hpp"
#include "modules/catalog.hpp"
#include "modules/users/user_store.hpp"

namespace authorworks {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInterrupted = 130;
constexpr auto kRefreshAfterEvent = std::chrono::milliseconds(100);
constexpr auto kRefreshIdle = std::chrono::milliseconds(1000);
constexpr std::string_view kLocalUsername = "author";

// A failure that ends the command with `exit_code` after printing `message`.
struct CommandFailure {
  int exit_code;
  std::string message;
};

// A file descriptor closed when it goes out of scope.
class Descriptor {
 public:
  explicit Descriptor(int fd = -1) noexcept : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(Descriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  Descriptor& operator=(Descriptor&&) = delete;
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

std::string read_braindump(const std::string& value) {
  if (!value.starts_with("@")) return value;
  const fs::path path = value.substr(1);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw CommandFailure{kExitUsage, "cannot read the braindump from '" + path.string() + "': " + std::strerror(errno)};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string login_name() {
  if (const auto* entry = ::getpwuid(::getuid()); entry != nullptr && entry->pw_name != nullptr) {
    return entry->pw_name;
  }
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "author";
}

int terminal_columns() {
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 100;
}

// The output folder holds one book; a second `generate` on the same folder while one runs would
// race it for the same jobs, so the folder is locked for as long as this process lives.
Descriptor lock_folder(const fs::path& state, const fs::path& out) {
  Descriptor fd(::open((state / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (fd.get() < 0) {
    throw CommandFailure{kExitFailed, "cannot create '" + (state / "lock").string() + "': " + std::strerror(errno)};
  }
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    throw CommandFailure{kExitFailed, "another 'authorworks generate' is writing into '" + out.string() +
                                          "'; wait for it to finish or stop it first"};
  }
  return fd;
}

// The folder's one account, made on the first run. Its name is the book's author: --author names it
// (and renames it on a later run); without it, the first run takes the login name and later runs
// keep whatever name it has.
std::string local_user_id(db::Database& database, const std::string& given_author) {
  std::string id;
  database.transaction([&](db::Session& s) {
    if (auto user = users::UserStore::find_by_username(s, std::string(kLocalUsername))) {
      if (!given_author.empty() && user->display_name != given_author) {
        users::ProfileChanges changes;
        changes.display_name = given_author;
        users::UserStore::update_profile(s, user->id, changes);
      }
      id = user->id;
      return;
    }
    users::NewUser user;
    user.email = std::string(kLocalUsername) + "@localhost";
    user.username = kLocalUsername;
    user.display_name = given_author.empty() ? login_name() : given_author;
    user.is_admin = true;
    id = users::UserStore::insert(s, user).id;
  });
  return id;
}

// This process holds the folder's lock, so a job still marked running belongs to a process that
// died (killed, or the machine went down): it goes back to the queue at once instead of waiting
// for its lease to lapse, as JobQueue::release would have done.
void requeue_orphaned_jobs(db::Database& database) {
  database.execute(
      "UPDATE generation_jobs SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL "
      "WHERE status = 'running'");
}

// Writes through a temporary file and a rename, so a reader never sees half a file.
void write_file(const fs::path& path, const std::string& content) {
  const auto temporary = fs::path(path.string() + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) throw CommandFailure{kExitFailed, "cannot write '" + temporary.string() + "': " + std::strerror(errno)};
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) throw CommandFailure{kExitFailed, "cannot write '" + path.string() + "': " + ec.message()};
}

struct RenderedBook {
  fs::path book_file;
  llm::BookKind kind = llm::BookKind::novel;
  std::int64_t words = 0;
  std::size_t chapters = 0;
};

// "1 chapter", "3 acts", "8 sequences"
std::string parts(std::size_t count, llm::BookKind kind) {
  auto label = to_lower(exporting::chapter_label(kind));
  return std::to_string(count) + " " + label + (count == 1 ? "" : "s");
}

RenderedBook render(db::Database& database, const std::string& book_id, const fs::path& out) {
  const auto book = load_folder_book_document(database, book_id);
  RenderedBook rendered;
  rendered.book_file = out / (exporting::slugify(book.title) + ".md");
  rendered.chapters = book.chapters.size();
  rendered.kind = book.kind;
  write_file(rendered.book_file, exporting::render_book_markdown(book));
  const auto chapters_dir = out / "chapters";
  std::error_code ec;
  fs::create_directories(chapters_dir, ec);
  if (ec) throw CommandFailure{kExitFailed, "cannot create '" + chapters_dir.string() + "': " + ec.message()};
  std::set<std::string> written;
  for (const auto& file : exporting::render_chapter_files(book)) {
    write_file(chapters_dir / file.name, file.content);
    written.insert(file.name);
  }
  // Chapter files of an earlier rendering that this one did not write (a renamed chapter) go.
  for (const auto& entry : fs::directory_iterator(chapters_dir, ec)) {
    if (entry.path().extension() == ".md" && !written.contains(entry.path().filename().string())) {
      fs::remove(entry.path(), ec);
    }
  }
  for (const auto& chapter : book.chapters) {
    for (const auto& scene : chapter.scenes) rendered.words += exporting::count_words(scene.text);
  }
  return rendered;
}

// The engine names request fields; the person at the terminal typed options.
std::string option_of(const std::string& field) {
  if (field == "target_words") return "--words";
  if (field == "title" || field == "braindump" || field == "genre" || field == "kind" || field == "seed") {
    return "--" + field;
  }
  return field;
}

std::string describe_validation(const Error& e) {
  if (e.fields().empty()) return e.detail();
  std::string text;
  for (const auto& field : e.fields()) {
    text += (text.empty() ? "" : "\n") + option_of(field.field) + ": " + field.message;
  }
  return text;
}

enum class Outcome { completed, failed, cancelled, interrupted };

struct Watched {
  Outcome outcome = Outcome::completed;
  generation::BookStatus status;
};

// Follows the book on the event bus until its job ends or a signal arrives; every event (and a
// second without one, for the ETA) refreshes the display from the database, at most ten times a second.
Watched watch(generation::Engine& engine, events::EventBus& bus, const std::string& book_id, int signal_fd) {
  Descriptor wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (wake.get() < 0) throw CommandFailure{kExitFailed, std::string("eventfd: ") + std::strerror(errno)};
  const int wake_fd = wake.get();
  auto subscription = bus.subscribe("book:" + book_id, [wake_fd](const events::Event&) {
    const std::uint64_t one = 1;
    // A full counter already means "wake up"; nothing is lost when this write fails.
    [[maybe_unused]] const auto written = ::write(wake_fd, &one, sizeof one);
  });
  ProgressDisplay display(stderr, ::isatty(STDERR_FILENO) == 1, terminal_columns());
  Watched watched;
  bool owed = true;
  auto last_refresh = Clock::now() - kRefreshIdle;
  for (;;) {
    const auto since = Clock::now() - last_refresh;
    const auto wait = owed ? kRefreshAfterEvent - since : kRefreshIdle - since;
    const int timeout_ms = static_cast<int>(
        std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::milliseconds>(wait).count()));
    pollfd fds[2] = {{signal_fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
    if (::poll(fds, 2, timeout_ms) < 0 && errno != EINTR) {
      throw CommandFailure{kExitFailed, std::string("poll: ") + std::strerror(errno)};
    }
    if ((fds[0].revents & POLLIN) != 0) {
      display.finish();
      watched.outcome = Outcome::interrupted;
      return watched;
    }
    if ((fds[1].revents & POLLIN) != 0) {
      std::uint64_t count = 0;
      [[maybe_unused]] const auto got = ::read(wake_fd, &count, sizeof count);
      owed = true;
    }
    const auto now = Clock::now();
    const auto elapsed = now - last_refresh;
    if (elapsed < (owed ? kRefreshAfterEvent : kRefreshIdle)) continue;
    watched.status = engine.status(book_id);
    last_refresh = now;
    owed = false;
    display.update(watched.status, now);
    if (watched.status.status == "completed" || watched.status.status == "failed" ||
        watched.status.status == "cancelled") {
      display.finish();
      watched.outcome = watched.status.status == "completed" ? Outcome::completed
                        : watched.status.status == "failed"  ? Outcome::failed
                                                             : Outcome::cancelled;
      return watched;
    }
  }
}

int generate(const GenerateOptions& options, int signal_fd) {
  Config config;
  Environment env;
  try {
    env = load_environment(".env");
    config = load_config(env, "all", default_port("all"));
  } catch (const ConfigError& e) {
    throw CommandFailure{kExitUsage, std::string("configuration error: ") + e.what()};
  }
  // The terminal belongs to the progress display: only warnings and errors are logged, unless
  // LOG_LEVEL asks for more.
  log::configure(env.contains("LOG_LEVEL") ? config.log_level : LogLevel::warn, LogFormat::text);

  const auto braindump = read_braindump(options.braindump);
  const fs::path out = options.out.empty() ? fs::path(exporting::slugify(options.title)) : fs::path(options.out);
  const auto state = book_state_folder(out);
  std::error_code ec;
  fs::create_directories(state, ec);
  if (ec) throw CommandFailure{kExitFailed, "cannot create '" + state.string() + "': " + ec.message()};
  const auto lock = lock_folder(state, out);

  auto database = open_book_database(out, 4);
  const auto user_id = local_user_id(*database, options.author);

  auto bus = events::make_in_process_bus();
  std::shared_ptr<llm::Writer> writer = llm::make_writer(config.llm);
  generation::Engine engine(database, writer, llm::PriceTable::load(config.llm.prices), bus, config.generation);

  std::string book_id;
  if (const auto existing = folder_book(*database)) {
    if (existing->title != options.title) {
      throw CommandFailure{kExitUsage, "'" + out.string() + "' holds the book '" + existing->title + "', not '" +
                                           options.title + "'; give the same --title to resume it, or another --out"};
    }
    book_id = existing->id;
    const auto status = engine.status(book_id);
    if (status.status == "completed") {
      const auto rendered = render(*database, book_id, out);
      std::cout << "'" << options.title << "' was already written; rendered it again: " << rendered.book_file.string()
                << " (" << format_grouped_count(rendered.words) << " words in "
                << parts(rendered.chapters, rendered.kind) << ")\n";
      return 0;
    }
    requeue_orphaned_jobs(*database);
    if (status.status == "failed" || status.status == "cancelled") engine.resume(book_id);
    std::cerr << "resuming '" << options.title << "' in " << out.string() << " with " << writer->info().label << " ("
              << format_grouped_count(status.words) << " words written so far)\n";
  } else {
    generation::GenerateRequest request;
    request.user_id = user_id;
    request.title = options.title;
    request.braindump = braindump;
    request.kind = options.kind;
    request.genre = options.genre;
    request.target_words = options.words;
    request.seed = options.seed;
    book_id = engine.generate(request).book_id;
    std::cerr << "writing '" << options.title << "' (" << llm::kind_name(options.kind) << ") in " << out.string()
              << " with " << writer->info().label << "\n";
  }

  engine.start();
  const auto watched = watch(engine, *bus, book_id, signal_fd);
  switch (watched.outcome) {
    case Outcome::interrupted: try { engine.cancel(book_id);
      } catch (const Error& e) {
        if (e.code() != ErrorCode::conflict) throw;  // it finished or failed in the meantime
      }
      engine.stop();
      std::cerr << "authorworks: interrupted; '" << options.title
                << "' is kept up to its last finished step. Run the same command again to resume it.\n";
      return kExitInterrupted;
    case Outcome::failed:
      engine.stop();
      std::cerr << "authorworks: the book could not be finished: "
                << (watched.status.error.empty() ? "the generation failed" : watched.status.error)
                << "\nIts finished steps are kept: run the same command again to resume it.\n";
      return kExitFailed;
    case Outcome::cancelled:
      engine.stop();
      std::cerr << "authorworks: the generation was cancelled; run the same command again to resume it.\n";
      return kExitFailed;
    case Outcome::completed: break;
  }
  engine.stop();
  const auto rendered = render(*database, book_id, out);
  const auto& s = watched.status;
  std::cout << "wrote " << rendered.book_file.string() << ": " << format_grouped_count(rendered.words) << " words in "
            << parts(rendered.chapters, rendered.kind) << " by " << s.writer << "; tokens "
            << format_grouped_count(s.tokens_in) << " in, " << format_grouped_count(s.tokens_out) << " out; cost "
            << format_cost(s.cost_usd) << "\n";
  return 0;
}

}  // namespace

int run_generate(const GenerateOptions& options) {
  // Ctrl-C and SIGTERM are read from a descriptor by the watching loop, so that they end the run
  // cleanly instead of killing it; every thread started from here inherits the mask.
  const sigset_t signals = block_termination_signals();
  Descriptor signal_fd(::signalfd(-1, &signals, SFD_CLOEXEC));

  int rc = kExitFailed;
  try {
    if (signal_fd.get() < 0) throw CommandFailure{kExitFailed, std::string("signalfd: ") + std::strerror(errno)};
    rc = generate(options, signal_fd.get());
  } catch (const CommandFailure& f) {
    std::cerr << "authorworks: " << f.message << "\n";
    rc = f.exit_code;
  } catch (const ConfigError& e) {
    std::cerr << "authorworks: configuration error: " << e.what() << "\n";
    rc = kExitUsage;
  } catch (const Error& e) {
    if (e.code() == ErrorCode::validation_failed) {
      std::cerr << "authorworks: " << describe_validation(e) << "\n";
      rc = kExitUsage;
    } else {
      std::cerr << "authorworks: " << e.detail() << "\n";
      rc = kExitFailed;
    }
  } catch (const std::exception& e) {
    std::cerr << "authorworks: " << e.what() << "\n";
    rc = kExitFailed;
  }
  log::shutdown();
  return rc;
}

}  // namespace authorworks
