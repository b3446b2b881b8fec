// The distinct names of a dictionary-encoded column, stored end to end in one
// buffer. A table of counties or villages has millions of names: as
// std::string each would cost 32 bytes plus, past 15 bytes of UTF-8 (five
// Chinese characters), a heap block of its own; here a name costs its bytes
// and an 8-byte offset, and building the list makes no allocation per name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace duikou {

class Labels {
  public:
    Labels() = default;
    Labels(std::initializer_list<std::string_view> labels) {
        for (auto label : labels) push_back(label);
    }
    explicit Labels(const std::vector<std::string>& labels) {
        for (const auto& label : labels) push_back(label);
    }

    // `count` names of no text: ids that only need to be told apart.
    static Labels unnamed(std::size_t count) {
        Labels out;
        out.ends_.assign(count, 0);
        return out;
    }

    void reserve(std::size_t count, std::size_t bytes) {
        ends_.reserve(count);
        text_.reserve(bytes);
    }
    void push_back(std::string_view label) {
        text_.append(label);
        ends_.push_back(text_.size());
    }

    std::size_t size() const { return ends_.size(); }
    bool empty() const { return ends_.empty(); }
    std::string_view operator[](std::size_t k) const {
        const std::size_t begin = k == 0 ? 0 : ends_[k - 1];
        return std::string_view(text_).substr(begin, ends_[k] - begin);
    }
    bool operator==(const Labels& other) const { return ends_ == other.ends_ && text_ == other.text_; }
    bool operator!=(const Labels& other) const { return !(*this == other); }

    class const_iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = std::string_view;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = std::string_view;

        const_iterator(const Labels* labels, std::size_t k) : labels_(labels), k_(k) {}
        std::string_view operator*() const { return (*labels_)[k_]; }
        const_iterator& operator++() { ++k_; return *this; }
        const_iterator operator++(int) { auto old = *this; ++k_; return old; }
        bool operator==(const const_iterator& other) const { return k_ == other.k_; }
        bool operator!=(const const_iterator& other) const { return k_ != other.k_; }

      private:
        const Labels* labels_;
        std::size_t k_;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

  private:
    std::string text_;               // every name, end to end
    std::vector<std::size_t> ends_;  // name k is text_[ends_[k - 1], ends_[k]) (ends_[-1] = 0)
};

}  // namespace duikou
