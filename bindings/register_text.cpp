#include "duikou/io/text.hpp"
#include "pybind.hpp"

namespace duikou::bind {

namespace {

io::Utf8Errors to_errors(const std::string& errors) {
    if (errors == "strict") return io::Utf8Errors::Strict;
    if (errors == "replace") return io::Utf8Errors::Replace;
    throw std::invalid_argument("errors must be 'strict' or 'replace', got '" + errors + "'");
}

io::DefaultOrder to_order(const std::optional<std::string>& order) {
    if (!order) return io::DefaultOrder::None;
    if (*order == "recipient-first") return io::DefaultOrder::RecipientFirst;
    if (*order == "partner-first") return io::DefaultOrder::PartnerFirst;
    throw std::invalid_argument("default_order must be None, 'recipient-first' or 'partner-first', got '" + *order +
                                "'");
}

// Pairs as columns: names and texts as lists of str ("" = none), positions as int64 arrays.
py::dict pair_columns(const std::vector<const io::TextPair*>& pairs) {
    std::vector<std::string> recipient, partner, region, recipient_province, partner_province, recipient_parent,
        partner_parent, text, form, basis;
    std::vector<std::int64_t> line, start, end;
    for (const io::TextPair* p : pairs) {
        recipient.push_back(p->recipient);
        partner.push_back(p->partner);
        region.push_back(p->region);
        recipient_province.push_back(p->recipient_province);
        partner_province.push_back(p->partner_province);
        recipient_parent.push_back(p->recipient_parent);
        partner_parent.push_back(p->partner_parent);
        line.push_back(p->line);
        start.push_back(p->start);
        end.push_back(p->end);
        text.push_back(p->text);
        form.push_back(io::form_name(p->form));
        basis.push_back(io::basis_name(p->basis));
    }
    return py::dict("recipient"_a = recipient, "partner"_a = partner, "region"_a = region,
                    "recipient_province"_a = recipient_province, "partner_province"_a = partner_province,
                    "recipient_parent"_a = recipient_parent, "partner_parent"_a = partner_parent,
                    "line"_a = to_numpy(std::move(line)), "start"_a = to_numpy(std::move(start)),
                    "end"_a = to_numpy(std::move(end)), "text"_a = text, "form"_a = form, "basis"_a = basis);
}

py::dict to_python(const io::TextExtraction& x) {
    std::vector<const io::TextPair*> pairs, mentions;
    std::vector<std::int64_t> restates;
    for (const auto& p : x.pairs) pairs.push_back(&p);
    for (const auto& m : x.mentions) {
        mentions.push_back(&m.statement);
        restates.push_back(static_cast<std::int64_t>(m.pair));
    }
    std::vector<std::int64_t> warning_line;
    std::vector<std::string> warning_text, warning_reason;
    for (const auto& w : x.warnings) {
        warning_line.push_back(w.line);
        warning_text.push_back(w.text);
        warning_reason.push_back(w.reason);
    }
    std::vector<std::int64_t> unread_line;
    std::vector<std::string> unread_text, unread_names, unread_reason;
    for (const auto& u : x.unread) {
        unread_line.push_back(u.line);
        unread_text.push_back(u.text);
        unread_names.push_back(u.names);
        unread_reason.push_back(u.reason);
    }
    py::dict mention_columns = pair_columns(mentions);
    mention_columns["pair"] = to_numpy(std::move(restates));
    return py::dict("text"_a = x.text, "pairs"_a = pair_columns(pairs), "mentions"_a = mention_columns,
                    "warnings"_a = py::dict("line"_a = to_numpy(std::move(warning_line)), "text"_a = warning_text,
                                            "reason"_a = warning_reason),
                    "unread"_a = py::dict("line"_a = to_numpy(std::move(unread_line)), "text"_a = unread_text,
                                          "names"_a = unread_names, "reason"_a = unread_reason));
}

}  // namespace

void register_text(py::module_& m) {
    py::class_<io::PlaceNames, std::shared_ptr<io::PlaceNames>>(
        m, "PlaceNames", "Known place names for the text reader, built once (see duikou.document).")
        .def(py::init<const std::vector<std::string>&, const std::vector<std::string>&,
                      const std::vector<std::string>&, const std::vector<std::string>&,
                      const std::vector<std::string>&>(),
             "forms"_a, "names"_a, "levels"_a, "prefectures"_a, "provinces"_a)
        .def("__len__", &io::PlaceNames::size);
    m.def("extract_pairs",
          [](const py::bytes& text, const std::string& source, const std::string& errors,
             const std::optional<std::string>& default_order, std::shared_ptr<io::PlaceNames> names) {
              io::TextOptions options;
              options.names = std::move(names);
              options.source = source;
              options.errors = to_errors(errors);
              options.default_order = to_order(default_order);
              const std::string bytes = text;
              io::TextExtraction x;
              {
                  py::gil_scoped_release release;
                  x = io::extract_pairs(bytes, options);
              }
              return to_python(x);
          },
          "text"_a, "source"_a = "<string>", "errors"_a = "strict", "default_order"_a = py::none(),
          "names"_a = py::none(),
          "Extract pairs from UTF-8 bytes: {'text', 'pairs', 'mentions', 'warnings'} as columns.");
    m.def("read_text_document",
          [](const std::string& path, const std::string& errors, const std::optional<std::string>& default_order,
             std::shared_ptr<io::PlaceNames> names) {
              io::TextOptions options;
              options.names = std::move(names);
              options.errors = to_errors(errors);
              options.default_order = to_order(default_order);
              io::TextExtraction x;
              {
                  py::gil_scoped_release release;
                  x = io::read_text_document(path, options);
              }
              return to_python(x);
          },
          "path"_a, "errors"_a = "strict", "default_order"_a = py::none(), "names"_a = py::none(),
          "Read a file and extract pairs from it (see extract_pairs).");
}

}  // namespace duikou::bind
