// The search page served at "/" (server/page/index.html, embedded at build
// time). Thread safety: a constant.
#pragma once

#include <string_view>

namespace fahras::serve {

std::string_view search_page() noexcept;

}  // namespace fahras::serve
