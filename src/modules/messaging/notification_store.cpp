#include "modules/messaging/notification_store.hpp"

namespace authorworks::messaging {
namespace {

constexpr const char* kColumns = "id, user_id, kind, title, body, data, created_at, read_at";

Notification from_row(const db::Row& row) {
  return {row.text("id"),   row.text("user_id"), row.text("kind"),       row.text("title"),
          row.text("body"), row.text("data"),    row.text("created_at"), row.optional_text("read_at")};
}

}  // namespace

void NotificationStore::insert(db::Session& s, const Notification& n) {
  s.execute("INSERT INTO notifications (id, user_id, kind, title, body, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            {n.id, n.user_id, n.kind, n.title, n.body, n.data, n.created_at});
}

std::optional<Notification> NotificationStore::find(db::Session& s, const std::string& id) {
  const auto result = s.query(std::string("SELECT ") + kColumns + " FROM notifications WHERE id = ?", {id});
  if (result.empty()) return std::nullopt;
  return from_row(result.first());
}

NotificationPage NotificationStore::list(db::Session& s, const std::string& user_id, bool unread_only,
                                         std::int64_t limit, const std::optional<NotificationCursor>& after) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM notifications WHERE user_id = ?";
  std::vector<db::Value> params{user_id};
  if (unread_only) sql += " AND read_at IS NULL";
  if (after) {
    sql += " AND (created_at < ? OR (created_at = ? AND id < ?))";
    params.insert(params.end(), {after->created_at, after->created_at, after->id});
  }
  // One more than the page, to know whether another page follows.
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  params.emplace_back(limit + 1);
  NotificationPage page;
  for (const auto& row : s.query(sql, params).rows) page.notifications.push_back(from_row(row));
  if (static_cast<std::int64_t>(page.notifications.size()) > limit) {
    page.notifications.pop_back();
    const auto& last = page.notifications.back();
    page.next = NotificationCursor{last.created_at, last.id};
  }
  return page;
}

std::int64_t NotificationStore::count_unread(db::Session& s, const std::string& user_id) {
  return s.query("SELECT COUNT(*) AS unread FROM notifications WHERE user_id = ? AND read_at IS NULL", {user_id})
      .first()
      .integer("unread");
}

bool NotificationStore::mark_read(db::Session& s, const std::string& user_id, const std::string& id,
                                  const std::string& now) {
  return s.execute("UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?",
                   {now, id, user_id}) > 0;
}

}  // namespace authorworks::messaging
