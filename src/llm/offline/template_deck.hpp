#pragma once
// Draws templates in a shuffled order and reshuffles only when all have been used, so a scene works
// through the whole bank before any template comes round again.
#include <cstddef>
#include <numeric>
#include <string_view>
#include <vector>

#include "llm/offline/seeded_random.hpp"
#include "llm/offline/word_banks.hpp"

namespace authorworks::llm::offline {

class TemplateDeck {
 public:
  TemplateDeck(Words items, SeededRandom& random) : items_(items), order_(items.size()), random_(&random) {
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    next_ = order_.size();  // shuffled on the first draw
  }

  std::string_view draw() {
    if (items_.empty()) return {};
    if (next_ >= order_.size()) {
      random_->shuffle(order_);
      next_ = 0;
    }
    return items_[order_[next_++]];
  }

 private:
  Words items_;
  std::vector<std::size_t> order_;
  std::size_t next_ = 0;
  SeededRandom* random_;
};

}  // namespace authorworks::llm::offline
