//! Machine-readable views of the site: Atom feeds, the deadline calendar, the
//! sitemap and `robots.txt`.
//!
//! Everything is built from the [`Site`] alone. Dates come from content, never
//! from the clock, and every collection is walked in a fixed order, so the same
//! site always gives byte-identical files. Feeds, calendar and sitemap need
//! absolute URLs (a feed reader or crawler has no page to resolve a relative
//! link against), so they are `base_url` + the entity's path from
//! [`paths`].

use crate::model::{Ballot, Case, Date, Motion, Response, Signatory, Site, Statement, Status, Vote, paths};
use crate::output::{Emit, StageError};
use crate::theme::Theme;
use rayon::prelude::*;

/// Renders every feed, the calendar, the sitemap and `robots.txt`.
///
/// A feed is written for every body, party and document even when it has no
/// entries, so that a subscription made from any page never hits a 404.
/// Each file goes to `emit` as soon as it is done: at 10,000 cases the
/// feeds are 100 MB.
pub(crate) fn write(site: &Site, theme: &Theme, emit: &dyn Emit) -> Result<(), StageError> {
    let words = Words::new(theme);
    let w = &words;
    /// One file to write; each is independent, so they render on every core.
    enum Job<'a> {
        Main,
        Body(&'a str),
        Party(&'a str),
        Document(&'a str),
        Calendar,
        Sitemap,
        Robots,
    }
    let mut jobs = vec![Job::Main];
    jobs.extend(site.bodies.keys().map(|id| Job::Body(id)));
    jobs.extend(site.parties.keys().map(|id| Job::Party(id)));
    jobs.extend(site.documents.keys().map(|id| Job::Document(id)));
    jobs.extend([Job::Calendar, Job::Sitemap, Job::Robots]);
    jobs.par_iter().try_for_each(|job| {
        let files = match *job {
            Job::Main => vec![(paths::FEED.to_string(), main_feed(site, w))],
            Job::Body(id) => vec![(paths::feed_of(&paths::body(id)), body_feed(site, w, id))],
            Job::Party(id) => vec![(paths::feed_of(&paths::party(id)), party_feed(site, w, id))],
            Job::Document(id) => vec![(paths::feed_of(&paths::document(id)), document_feed(site, w, id))],
            Job::Calendar => vec![(paths::CALENDAR.to_string(), calendar(site, w))],
            Job::Sitemap => sitemaps(site, SITEMAP_URLS),
            Job::Robots => vec![("robots.txt".to_string(), robots(site))],
        };
        files.into_iter().try_for_each(|(path, bytes)| emit.put(path, bytes))
    })?;
    Ok(())
}

/// UI words used in feeds and the calendar, from the theme's `[feed]`
/// strings. Content terms (stances, statement kinds) stay as staff wrote
/// them; only the words we add are translated.
struct Words {
    referrer: String,
    deadline: String,
    internal_deadline: String,
    status: String,
    stance: String,
    and_others: String,
    in_body: String,
    motion: String,
    adopted: String,
    won: String,
    /// The four ballots, in [`Ballot`] order.
    ballots: [String; 4],
    /// "Ja vann" / "Nej vann", with the chair's casting vote.
    casting_vote: String,
    /// Each [`Status`], in its order.
    statuses: [String; 3],
}

impl Words {
    fn new(theme: &Theme) -> Words {
        let t = |key: &str| theme.t(&format!("feed.{key}"));
        Words {
            referrer: t("referrer"),
            deadline: t("deadline"),
            internal_deadline: t("internal_deadline"),
            status: t("status"),
            stance: t("stance"),
            and_others: t("and_others"),
            in_body: t("in_body"),
            motion: t("motion"),
            adopted: t("adopted"),
            won: t("won"),
            ballots: ["ja", "nej", "avstar", "franvarande"].map(|b| theme.t(&format!("ballot.{b}"))),
            casting_vote: t("casting_vote"),
            statuses: [Status::Oppen, Status::Forsenad, Status::Besvarad].map(|s| t(&format!("status_{}", s.key()))),
        }
    }

    fn status(&self, status: Status) -> &str {
        &self.statuses[status as usize]
    }
}

fn body_name<'a>(site: &'a Site, id: &'a str) -> &'a str {
    site.bodies.get(id).map_or(id, |b| b.name.as_str())
}

/// One Atom entry, kept as plain data so that sorting and de-duplication
/// happen before any XML is written.
struct Entry {
    title: String,
    url: String,
    date: Date,
    summary: String,
}

/// One Atom feed: `page` is the HTML page the feed belongs to (its id and
/// `alternate` link), `path` where the feed itself is written.
struct Feed {
    title: String,
    page: String,
    path: String,
    entries: Vec<Entry>,
}

fn main_feed(site: &Site, w: &Words) -> Vec<u8> {
    let entries = site.cases.values().map(|c| case_entry(site, w, c)).collect();
    write_feed(
        site,
        Feed { title: site.config.title.clone(), page: String::new(), path: paths::FEED.to_string(), entries },
    )
}

fn body_feed(site: &Site, w: &Words, id: &str) -> Vec<u8> {
    let mut entries = Vec::new();
    for r in site.links.responses_by_body.get(id).into_iter().flatten() {
        if let Some((case, response)) = site.response(r) {
            entries.push(response_entry(site, w, case, response));
        }
    }
    for r in site.links.statements_by_body.get(id).into_iter().flatten() {
        if let Some((case, statement)) = site.statement(r) {
            entries.push(statement_entry(site, w, case, statement));
        }
    }
    for r in site.links.votes_by_body.get(id).into_iter().flatten() {
        if let Some((case, vote)) = site.vote(r) {
            entries.push(vote_entry(site, w, case, vote));
        }
    }
    write_feed(
        site,
        Feed {
            title: format!("{} – {}", body_name(site, id), site.config.title),
            page: paths::body(id),
            path: paths::feed_of(&paths::body(id)),
            entries,
        },
    )
}

/// A party's statements, its motions, and every vote its members took part in.
fn party_feed(site: &Site, w: &Words, id: &str) -> Vec<u8> {
    let links = &site.links;
    let statements = links.statements_by_party.get(id).into_iter().flatten().filter_map(|r| site.statement(r));
    let motions = links.motions_by_party.get(id).into_iter().flatten().filter_map(|r| site.motion(r));
    let votes = links.votes_by_party.get(id).into_iter().flatten().filter_map(|r| site.vote(r));
    let entries = statements
        .map(|(case, statement)| statement_entry(site, w, case, statement))
        .chain(motions.map(|(case, motion)| motion_entry(site, w, case, motion)))
        .chain(votes.map(|(case, vote)| vote_entry(site, w, case, vote)))
        .collect();
    let name = site.parties.get(id).map_or(id, |p| p.name.as_str());
    write_feed(
        site,
        Feed {
            title: format!("{name} – {}", site.config.title),
            page: paths::party(id),
            path: paths::feed_of(&paths::party(id)),
            entries,
        },
    )
}

fn document_feed(site: &Site, w: &Words, id: &str) -> Vec<u8> {
    let entries = site
        .links
        .cases_by_document
        .get(id)
        .into_iter()
        .flatten()
        .filter_map(|c| site.cases.get(c))
        .map(|case| case_entry(site, w, case))
        .collect();
    let name = site.documents.get(id).map_or(id, |d| d.designation.as_str());
    write_feed(
        site,
        Feed {
            title: format!("{name} – {}", site.config.title),
            page: paths::document(id),
            path: paths::feed_of(&paths::document(id)),
            entries,
        },
    )
}

/// A case entry: the summary says who asked, by when, where the case stands
/// and what each body answered, so a reader can triage without clicking.
fn case_entry(site: &Site, w: &Words, case: &Case) -> Entry {
    let mut summary = format!(
        "{}: {}. {}: {}. {}: {}.",
        w.referrer,
        case.referrer,
        w.deadline,
        case.deadline,
        w.status,
        w.status(case.status)
    );
    // Referred bodies in the order the case lists them, then any body that
    // answered without being listed, so that no answer is left out.
    let listed = case.referred_to.iter().filter_map(|b| case.responses.get(b));
    let unlisted = case.responses.values().filter(|r| !case.referred_to.contains(&r.body));
    let stances: Vec<String> =
        listed.chain(unlisted).map(|r| format!("{}: {}", body_name(site, &r.body), r.stance.term())).collect();
    if !stances.is_empty() {
        summary.push(' ');
        summary.push_str(&stances.join("; "));
        summary.push('.');
    }
    for vote in &case.votes {
        summary.push(' ');
        summary.push_str(&capitalise(vote.kind.term()));
        summary.push_str(": ");
        summary.push_str(&vote_summary(site, w, vote));
    }
    Entry {
        title: format!("{} ({})", case.title, case.case_number),
        url: site.absolute(&paths::case(&case.id)),
        date: case.date(),
        summary,
    }
}

fn response_entry(site: &Site, w: &Words, case: &Case, response: &Response) -> Entry {
    Entry {
        title: format!("{}: {}", body_name(site, &response.body), case.title),
        url: site.absolute(&paths::response(&case.id, &response.body)),
        date: case.response_date(response),
        summary: format!("{}: {}. {}", w.stance, response.stance.term(), response.summary),
    }
}

fn statement_entry(site: &Site, w: &Words, case: &Case, statement: &Statement) -> Entry {
    let kind = capitalise(statement.kind.term());
    let names = signatory_names(site, w, statement);
    Entry {
        title: format!("{kind} – {names}: {}", case.title),
        url: site.absolute(&paths::statement(&case.id, &statement.id)),
        date: case.statement_date(statement),
        summary: format!(
            "{kind} {} {}, {} ({}).",
            w.in_body,
            body_name(site, &statement.body),
            case.title,
            case.case_number
        ),
    }
}

/// A vote: its counts and how each party's members voted, the winning side,
/// and where it was taken.
fn vote_entry(site: &Site, w: &Words, case: &Case, vote: &Vote) -> Entry {
    let kind = capitalise(vote.kind.term());
    Entry {
        title: format!("{kind} – {}: {}", body_name(site, &vote.body), case.title),
        url: site.absolute(&format!("{}#{}", paths::case(&case.id), paths::vote_anchor(vote.number))),
        date: case.date(),
        summary: format!("{} ({})", vote_summary(site, w, vote), case.case_number),
    }
}

/// "Ja 4 (S 4), Nej 3 (V 2, MP 1), Avstår 6 (M 2, D 1, SD 1, L 1, KD 1). Ja vann."
fn vote_summary(site: &Site, w: &Words, vote: &Vote) -> String {
    let mut sides = Vec::new();
    for (i, ballot) in [Ballot::Ja, Ballot::Nej, Ballot::Avstar, Ballot::Franvarande].into_iter().enumerate() {
        // Parties in the order their first member is listed.
        let mut parties: Vec<(&str, usize)> = Vec::new();
        for m in vote.members.iter().filter(|m| m.ballot == ballot) {
            match parties.iter_mut().find(|(p, _)| *p == m.party) {
                Some((_, n)) => *n += 1,
                None => parties.push((&m.party, 1)),
            }
        }
        if parties.is_empty() {
            continue;
        }
        let total: usize = parties.iter().map(|(_, n)| n).sum();
        let by_party: Vec<String> = parties
            .iter()
            .map(|(p, n)| format!("{} {n}", site.parties.get(*p).map_or(*p, |x| &x.abbreviation)))
            .collect();
        sides.push(format!("{} {total} ({})", w.ballots[i], by_party.join(", ")));
    }
    let winner = &w.ballots[if vote.yes_won { 0 } else { 1 }];
    let casting = if vote.casting_vote { format!(" ({})", w.casting_vote) } else { String::new() };
    format!("{}. {winner} {}{casting}.", sides.join(", "), w.won)
}

/// A motion: who moved it, whether it was adopted, and its own words.
fn motion_entry(site: &Site, w: &Words, case: &Case, motion: &Motion) -> Entry {
    let mut summary = format!("{} ({}).", case.title, case.case_number);
    if motion.adopted {
        summary.push(' ');
        summary.push_str(&w.adopted);
    }
    if let Some(text) = &motion.text {
        summary.push(' ');
        summary.push_str(text);
    }
    Entry {
        title: format!("{} – {}: {}", w.motion, names(site, w, &motion.signatories), case.title),
        url: site.absolute(&format!("{}#{}", paths::case(&case.id), paths::motion_anchor(&motion.id))),
        date: motion.date.unwrap_or_else(|| case.date()),
        summary,
    }
}

/// Signatories as the minutes write them: "Anna Andersson m.fl. (M)".
fn signatory_names(site: &Site, w: &Words, statement: &Statement) -> String {
    names(site, w, &statement.signatories)
}

fn names(site: &Site, w: &Words, signatories: &[Signatory]) -> String {
    signatories
        .iter()
        .map(|s| {
            let mut name = s.name.clone();
            if s.and_others {
                name.push(' ');
                name.push_str(&w.and_others);
            }
            if let Some(party) = site.parties.get(&s.party) {
                name.push_str(&format!(" ({})", party.abbreviation));
            }
            name
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn atom_date(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// Writes an Atom 1.0 feed, newest entry first, at most `feed_limit` of
/// them (the pages and the open data keep the rest). The feed's `updated` is its
/// newest entry's date (or the epoch when empty) so that it never depends on
/// when the site was built.
fn write_feed(site: &Site, mut feed: Feed) -> Vec<u8> {
    feed.entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
    feed.entries.dedup_by(|a, b| a.url == b.url);
    feed.entries.truncate(site.config.feed_limit);
    let updated = feed.entries.first().map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |e| atom_date(e.date));
    let page = site.absolute(&feed.page);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(&site.config.language)
    ));
    x.push_str(&format!("  <title>{}</title>\n", escape(&feed.title)));
    x.push_str(&format!("  <id>{}</id>\n", escape(&page)));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&site.absolute(&feed.path))
    ));
    x.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", escape(&page)));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    x.push_str(&format!("  <author><name>{}</name></author>\n", escape(&site.config.organisation)));
    x.push_str("  <generator>remiss</generator>\n");
    for e in &feed.entries {
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", escape(&e.title)));
        x.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", escape(&e.url)));
        x.push_str(&format!("    <id>{}</id>\n", escape(&e.url)));
        x.push_str(&format!("    <updated>{}</updated>\n", atom_date(e.date)));
        x.push_str(&format!("    <summary>{}</summary>\n", escape(&e.summary)));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x.into_bytes()
}

/// Escapes text for XML content and attribute values. Characters that XML 1.0
/// forbids outright (most C0 controls) are dropped, since no escape makes them
/// legal and one stray control character would break the whole feed.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The iCalendar file of upcoming (and overdue) deadlines, so staff can
/// subscribe in their calendar. Answered cases are left out: their deadline no
/// longer asks anything of anyone.
fn calendar(site: &Site, w: &Words) -> Vec<u8> {
    let host = host_of(&site.config.base_url);
    let stamp = format!("{}T000000Z", site.today.compact());
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//remiss//remiss//SV".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", ics_text(&site.config.title)),
    ];
    let mut cases: Vec<&Case> = site.cases.values().filter(|c| c.status != Status::Besvarad).collect();
    cases.sort_by(|a, b| a.deadline.cmp(&b.deadline).then_with(|| a.id.cmp(&b.id)));
    for case in cases {
        let url = site.absolute(&paths::case(&case.id));
        let title = format!("{} ({})", case.title, case.case_number);
        let mut event = |uid: String, label: &str, date: Date| {
            lines.extend([
                "BEGIN:VEVENT".to_string(),
                format!("UID:{uid}"),
                format!("DTSTAMP:{stamp}"),
                format!("DTSTART;VALUE=DATE:{}", date.compact()),
                format!("DTEND;VALUE=DATE:{}", next_day(date).compact()),
                format!("SUMMARY:{}", ics_text(&format!("{label}: {title}"))),
                format!("DESCRIPTION:{}", ics_text(&case.referrer)),
                format!("URL:{url}"),
                "TRANSP:TRANSPARENT".to_string(),
                "END:VEVENT".to_string(),
            ]);
        };
        event(format!("{}-deadline@{host}", case.id), &w.deadline, case.deadline);
        // The contract gives an internal deadline only "when it differs";
        // one equal to the deadline would just be a duplicate event.
        if let Some(internal) = case.internal_deadline.filter(|d| *d != case.deadline) {
            event(format!("{}-internal-deadline@{host}", case.id), &w.internal_deadline, internal);
        }
    }
    lines.push("END:VCALENDAR".to_string());
    let mut out = String::new();
    for line in &lines {
        out.push_str(&fold(line));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// The day after `date`, for the exclusive `DTEND` of an all-day event.
fn next_day(date: Date) -> Date {
    let at = |year: u16, month: u8, day: u8| Date::parse(&format!("{year:04}-{month:02}-{day:02}"));
    at(date.year, date.month, date.day + 1).or_else(|| at(date.year, date.month + 1, 1)).unwrap_or(Date {
        year: date.year + 1,
        month: 1,
        day: 1,
    })
}

/// The host part of an absolute URL (no scheme, user info, port or path), to
/// make calendar UIDs globally unique as RFC 5545 recommends.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    match host.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    }
}

/// Escapes an iCalendar TEXT value (RFC 5545 §3.3.11).
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line so that no physical line exceeds 75 octets
/// (RFC 5545 §3.1), breaking only between characters so that multi-byte
/// UTF-8 sequences stay whole. The leading space of a continuation counts.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 37);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out
}

/// The most URLs the sitemap protocol allows in one sitemap file (its other
/// limit, 50 MB, is far off: a URL takes about 130 bytes here).
const SITEMAP_URLS: usize = 50_000;

/// The sitemap of every HTML page, sorted by path: `sitemap.xml`, or, when
/// the site has more than `per_file` pages (a 5,000-case site has ~53,000),
/// `sitemap.xml` as a sitemap index of `sitemap-1.xml`, `sitemap-2.xml`, …
/// with `per_file` pages each, since crawlers reject a longer sitemap.
/// `lastmod` is given only where content dates the page (cases, responses,
/// statements, with the same dates as in the feeds); a guessed date would
/// mislead crawlers.
fn sitemaps(site: &Site, per_file: usize) -> Vec<(String, Vec<u8>)> {
    let pages = sitemap_pages(site);
    if pages.len() <= per_file {
        return vec![(paths::SITEMAP.to_string(), urlset(site, &pages))];
    }
    let mut files = Vec::new();
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    index.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (i, chunk) in pages.chunks(per_file).enumerate() {
        let path = format!("sitemap-{}.xml", i + 1);
        index.push_str("  <sitemap><loc>");
        index.push_str(&escape(&site.absolute(&path)));
        index.push_str("</loc>");
        if let Some(date) = chunk.iter().filter_map(|(_, d)| *d).max() {
            index.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        index.push_str("</sitemap>\n");
        files.push((path, urlset(site, chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.push((paths::SITEMAP.to_string(), index.into_bytes()));
    files
}

/// Every HTML page's path and modification date, sorted by path.
fn sitemap_pages(site: &Site) -> Vec<(String, Option<Date>)> {
    let mut pages: Vec<(String, Option<Date>)> =
        std::iter::once("").chain(paths::SECTIONS).map(|p| (p.to_string(), None)).collect();
    for case in site.cases.values() {
        pages.push((paths::case(&case.id), Some(case.date())));
        for response in case.responses.values() {
            pages.push((paths::response(&case.id, &response.body), Some(case.response_date(response))));
        }
        for statement in &case.statements {
            pages.push((paths::statement(&case.id, &statement.id), Some(case.statement_date(statement))));
        }
    }
    pages.extend(site.bodies.keys().map(|id| (paths::body(id), None)));
    pages.extend(site.parties.keys().map(|id| (paths::party(id), None)));
    pages.extend(site.persons.keys().map(|slug| (paths::person(slug), None)));
    pages.extend(site.documents.keys().map(|id| (paths::document(id), None)));
    // A case dated only by its deadline may be dated in the future, which is
    // no modification date at all.
    for (_, lastmod) in &mut pages {
        *lastmod = lastmod.filter(|d| *d <= site.today);
    }
    pages.sort();
    pages.dedup_by(|a, b| a.0 == b.0);
    pages
}

/// One sitemap file listing `pages`.
fn urlset(site: &Site, pages: &[(String, Option<Date>)]) -> Vec<u8> {
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, lastmod) in pages {
        x.push_str("  <url><loc>");
        x.push_str(&escape(&site.absolute(path)));
        x.push_str("</loc>");
        if let Some(date) = lastmod {
            x.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x.into_bytes()
}

/// Allows everything and points at the sitemap. Crawlers only read
/// `robots.txt` at the host root, so under a sub-path this file is merely
/// something the host's own robots.txt can be copied from.
fn robots(site: &Site) -> Vec<u8> {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}{}\n", site.config.base_url, paths::SITEMAP).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::test_site::*;

    fn rendered(site: &Site) -> Vec<(String, Vec<u8>)> {
        let memory = crate::output::Memory::default();
        write(site, &theme(site), &memory).unwrap();
        memory.into_sorted().0
    }

    #[test]
    fn every_word_comes_from_the_theme_in_both_languages() {
        for language in ["sv", "en"] {
            let mut site = test_site();
            site.config.language = language.to_string();
            let w = Words::new(&theme(&site));
            let mut all = vec![&w.referrer, &w.deadline, &w.internal_deadline, &w.status, &w.stance, &w.and_others];
            all.extend([&w.in_body, &w.motion, &w.adopted, &w.won, &w.casting_vote]);
            all.extend(w.ballots.iter().chain(&w.statuses));
            for word in all {
                assert!(
                    !word.is_empty() && !word.starts_with("feed.") && !word.starts_with("ballot."),
                    "{language}: {word}"
                );
            }
        }
        assert_eq!(Words::new(&theme(&test_site())).status(Status::Forsenad), "försenad");
    }

    fn file(site: &Site, path: &str) -> String {
        let files = rendered(site);
        let (_, bytes) = files.into_iter().find(|(p, _)| p == path).unwrap_or_else(|| panic!("{path} was not written"));
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn case_date_prefers_decision_then_signature_then_arrival() {
        let site = test_site();
        assert_eq!(site.cases["ks-2023-99"].date(), date("2023-04-26"));
        let mut case = site.cases["ks-2023-99"].clone();
        case.decided = None;
        assert_eq!(case.date(), date("2023-04-12"));
        case.rapporteur_date = None;
        case.received = None;
        assert_eq!(case.date(), date("2023-04-28"));
    }

    #[test]
    fn main_feed_lists_cases_newest_first_with_escaped_titles() {
        let site = test_site();
        let feed = file(&site, "feed.xml");
        assert!(
            feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"")
        );
        assert!(feed.contains("<title>Stadens &lt;remissvar&gt; &amp; annat</title>"));
        assert!(feed.contains("<id>https://example.org:8443/remissvar/</id>"));
        assert!(feed.contains(
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org:8443/remissvar/feed.xml\"/>"
        ));
        assert!(feed.contains("<author><name>Stockholms stad</name></author>"));
        assert!(
            feed.contains(
                "<title>Vägar &lt;till&gt; ett tryggare &amp; &quot;bättre&quot; samhälle (KS 2023/99)</title>"
            )
        );
        assert!(feed.contains("<id>https://example.org:8443/remissvar/remisser/ks-2023-99/</id>"));
        assert!(feed.contains("<updated>2023-04-26T00:00:00Z</updated>"));
        assert!(feed.contains(
            "Status: besvarad. Socialnämnden: i huvudsak positiv; Skarpnäcks stadsdelsnämnd: blandad. Huvudvotering:"
        ));
        // Newest first, by decision or else arrival.
        let a = feed.find("remisser/ks-2024-7/").unwrap();
        let b = feed.find("remisser/ks-2023-500/").unwrap();
        let c = feed.find("remisser/ks-2023-99/").unwrap();
        assert!(a < b && b < c);
        // The feed's date is its newest entry's, not the clock's.
        let head = &feed[..feed.find("<entry>").unwrap()];
        assert!(head.contains("<updated>2024-01-10T00:00:00Z</updated>"));
        assert_eq!(feed.matches("<entry>").count(), 3);
        assert_eq!(feed.matches("</entry>").count(), 3);
    }

    #[test]
    fn entity_feeds_exist_for_everything_even_when_empty() {
        let site = test_site();
        let paths: Vec<String> = rendered(&site).into_iter().map(|(p, _)| p).collect();
        for id in site.bodies.keys() {
            assert!(paths.contains(&paths::feed_of(&paths::body(id))), "{id}");
        }
        for id in site.parties.keys() {
            assert!(paths.contains(&paths::feed_of(&paths::party(id))), "{id}");
        }
        assert!(paths.contains(&"dokument/sou-2022-67/feed.xml".to_string()));
        let empty = file(&site, "organ/utbildningsnamnden/feed.xml");
        assert!(!empty.contains("<entry>"));
        assert!(empty.contains("<updated>1970-01-01T00:00:00Z</updated>"));
    }

    #[test]
    fn body_feed_has_responses_and_statements() {
        let site = test_site();
        let feed = file(&site, "organ/socialnamnden/feed.xml");
        assert!(feed.contains(
            "<title>Socialnämnden: Vägar &lt;till&gt; ett tryggare &amp; &quot;bättre&quot; samhälle</title>"
        ));
        assert!(feed.contains("href=\"https://example.org:8443/remissvar/remisser/ks-2023-99/svar/socialnamnden/\""));
        assert!(feed.contains("<updated>2023-03-21T00:00:00Z</updated>"));
        assert!(feed.contains("<title>Reservation – Åsa Ärlig m.fl. (M), Bo Björk (M): Vägar &lt;till&gt;"));
        assert!(
            feed.contains("<id>https://example.org:8443/remissvar/remisser/ks-2023-99/uttalanden/reservation-m/</id>")
        );
        assert_eq!(feed.matches("<entry>").count(), 2);
        assert!(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org:8443/remissvar/organ/socialnamnden/\"/>"));

        // A response with no meeting is dated by its draft.
        let skarp = file(&site, "organ/skarpnack/feed.xml");
        assert!(skarp.contains("<updated>2023-03-01T00:00:00Z</updated>"));
        // A statement in a body without a response gets the case date.
        let ks = file(&site, "organ/kommunstyrelsen/feed.xml");
        assert!(ks.contains("<title>Särskilt uttalande – Cecilia Çelik (S), Bo Björk (M):"));
        assert!(ks.contains("<updated>2023-04-26T00:00:00Z</updated>"));
    }

    /// The deciding body's feed and each voting party's feed carry the vote,
    /// with its counts by party; a party's feed carries its motions.
    #[test]
    fn votes_and_motions_reach_the_feeds() {
        let site = test_site();
        let vote = "<title>Huvudvotering – Kommunstyrelsen: Vägar &lt;till&gt;";
        let summary = "<summary>Ja 1 (S 1), Nej 1 (M 1). Ja vann (ordförandens utslagsröst). (KS 2023/99)</summary>";
        let ks = file(&site, "organ/kommunstyrelsen/feed.xml");
        assert!(ks.contains(vote) && ks.contains(summary), "{ks}");
        assert!(ks.contains("<id>https://example.org:8443/remissvar/remisser/ks-2023-99/#votering-1</id>"));
        let m = file(&site, "partier/m/feed.xml");
        assert!(m.contains(vote) && m.contains(summary));
        assert!(m.contains("<title>Yrkande – Bo Björk (M): Vägar"));
        assert!(m.contains("<id>https://example.org:8443/remissvar/remisser/ks-2023-99/#yrkande-m</id>"));
        assert!(m.contains("<updated>2023-04-20T00:00:00Z</updated>"), "a motion is dated by its written date");
        assert!(file(&site, "partier/s/feed.xml").contains("Mötet biföll yrkandet."));
        let main = file(&site, paths::FEED);
        assert!(main.contains("Huvudvotering: Ja 1 (S 1), Nej 1 (M 1). Ja vann"), "{main}");
    }

    #[test]
    fn party_and_document_feeds() {
        let site = test_site();
        let m = file(&site, "partier/m/feed.xml");
        assert_eq!(m.matches("<entry>").count(), 4, "two statements, a motion and a vote");
        let s = file(&site, "partier/s/feed.xml");
        assert_eq!(s.matches("<entry>").count(), 3);
        assert!(s.contains("uttalanden/uttalande-s/"));
        let doc = file(&site, "dokument/sou-2022-67/feed.xml");
        assert_eq!(doc.matches("<entry>").count(), 1);
        assert!(doc.contains("<title>SOU 2022:67 – Stadens &lt;remissvar&gt; &amp; annat</title>"));
        assert!(doc.contains("<id>https://example.org:8443/remissvar/remisser/ks-2023-99/</id>"));
    }

    #[test]
    fn calendar_is_crlf_folded_and_lists_only_open_cases() {
        let site = test_site();
        let ics = file(&site, "kalender.ics");
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//remiss//remiss//SV\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
        assert!(ics.split("\r\n").all(|l| l.len() <= 75));
        // Unfold and look at the logical lines.
        let unfolded = ics.replace("\r\n ", "");
        assert!(!unfolded.contains("ks-2023-99"), "answered case is left out");
        assert!(unfolded.contains("UID:ks-2024-7-deadline@example.org\r\n"));
        assert!(unfolded.contains("UID:ks-2024-7-internal-deadline@example.org\r\n"));
        assert!(unfolded.contains("UID:ks-2023-500-deadline@example.org\r\n"));
        assert!(!unfolded.contains("ks-2023-500-internal"));
        assert!(unfolded.contains("DTSTART;VALUE=DATE:20240229\r\nDTEND;VALUE=DATE:20240301\r\n"));
        assert!(unfolded.contains("DTSTART;VALUE=DATE:20231231\r\nDTEND;VALUE=DATE:20240101\r\n"));
        assert!(unfolded.contains("DTSTAMP:20240115T000000Z\r\n"));
        assert!(unfolded.contains(
            "SUMMARY:Remisstid: Samråd om förslag till översiktsplan för Huddinge kommun\\, med särskilt fokus på Flemingsbergs centrum\\; del två (KS ks-2024-7)\r\n"
        ));
        assert!(unfolded.contains("DESCRIPTION:Huddinge kommun\\, planenheten\\; avd. 2\r\n"));
        assert!(unfolded.contains("URL:https://example.org:8443/remissvar/remisser/ks-2024-7/\r\n"));
        assert!(unfolded.contains("X-WR-CALNAME:Stadens <remissvar> & annat\r\n"));
        assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), 3);
        // The long summary really was folded.
        assert!(ics.contains("\r\n "));
    }

    #[test]
    fn calendar_speaks_english_when_asked() {
        let mut site = test_site();
        site.config.language = "en".to_string();
        let ics = file(&site, "kalender.ics").replace("\r\n ", "");
        assert!(ics.contains("SUMMARY:Deadline: Sen remiss (KS ks-2023-500)\r\n"));
        assert!(ics.contains("SUMMARY:Internal deadline: "));
    }

    #[test]
    fn folding_keeps_multibyte_characters_whole() {
        let line = format!("SUMMARY:{}", "ö".repeat(100));
        let folded = fold(&line);
        for physical in folded.split("\r\n") {
            assert!(physical.len() <= 75);
        }
        assert_eq!(folded.replace("\r\n ", ""), line);
        assert_eq!(fold("short"), "short");
    }

    #[test]
    fn ics_text_and_hosts() {
        assert_eq!(ics_text("a\\b,c;d\ne\r"), "a\\\\b\\,c\\;d\\ne");
        assert_eq!(host_of("https://example.org/remissvar/"), "example.org");
        assert_eq!(host_of("http://user@example.org:8080/"), "example.org");
        assert_eq!(host_of("https://[::1]:8080/"), "[::1]");
        assert_eq!(next_day(date("2023-02-28")), date("2023-03-01"));
        assert_eq!(next_day(date("2024-02-28")), date("2024-02-29"));
    }

    #[test]
    fn sitemap_lists_every_page() {
        let site = test_site();
        let map = file(&site, "sitemap.xml");
        let base = "https://example.org:8443/remissvar/";
        for path in [
            "",
            "remisser/",
            "remisser/ks-2023-99/",
            "remisser/ks-2023-99/svar/socialnamnden/",
            "remisser/ks-2023-99/svar/skarpnack/",
            "remisser/ks-2023-99/uttalanden/reservation-m/",
            "remisser/ks-2023-99/uttalanden/uttalande-s/",
            "organ/",
            "organ/utbildningsnamnden/",
            "partier/",
            "partier/s/",
            "personer/",
            "personer/asa-arlig/",
            "dokument/",
            "dokument/sou-2022-67/",
            "sok/",
            "data/",
            "tillganglighet/",
            "ordlista/",
        ] {
            assert!(map.contains(&format!("<loc>{base}{path}</loc>")), "{path}");
        }
        assert!(map.contains(
            "<loc>https://example.org:8443/remissvar/remisser/ks-2023-99/</loc><lastmod>2023-04-26</lastmod>"
        ));
        assert!(map.contains("<loc>https://example.org:8443/remissvar/sok/</loc></url>"));
        let mut future = site.clone();
        future.cases.get_mut("ks-2024-7").unwrap().received = None;
        let map2 = file(&future, "sitemap.xml");
        assert!(map2.contains("<loc>https://example.org:8443/remissvar/remisser/ks-2024-7/</loc></url>"));
        let locs: Vec<&str> = map.lines().filter_map(|l| l.split("<loc>").nth(1)?.split("</loc>").next()).collect();
        assert_eq!(locs[0], base);
        let mut sorted = locs.clone();
        sorted.sort();
        assert_eq!(locs, sorted);
        assert!(!map.contains("feed.xml"));
    }

    /// Past the protocol's URL limit the sitemap becomes an index of sitemap
    /// files that together list every page once, in order.
    #[test]
    fn a_large_sitemap_is_split_under_an_index() {
        let site = test_site();
        let whole = sitemaps(&site, SITEMAP_URLS);
        assert_eq!(whole.len(), 1);
        let locs = |xml: &[u8]| -> Vec<String> {
            let xml = std::str::from_utf8(xml).unwrap();
            xml.lines().filter_map(|l| Some(l.split("<loc>").nth(1)?.split("</loc>").next()?.to_string())).collect()
        };
        let all = locs(&whole[0].1);
        let split = sitemaps(&site, 4);
        assert_eq!(split.len(), all.len().div_ceil(4) + 1);
        let (index_path, index) = split.last().unwrap();
        assert_eq!(index_path, "sitemap.xml");
        let index = std::str::from_utf8(index).unwrap();
        assert!(index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"), "{index}");
        let parts: Vec<String> = locs(index.as_bytes());
        assert_eq!(parts.len(), split.len() - 1);
        let mut joined = Vec::new();
        for (part, (path, xml)) in parts.iter().zip(&split) {
            assert_eq!(part, &format!("https://example.org:8443/remissvar/{path}"));
            assert!(std::str::from_utf8(xml).unwrap().contains("<urlset"));
            let urls = locs(xml);
            assert!(urls.len() <= 4);
            joined.extend(urls);
        }
        assert_eq!(joined, all);
        assert!(index.contains("</loc><lastmod>"), "a part with dated pages has a lastmod: {index}");
    }

    #[test]
    fn robots_points_at_the_sitemap() {
        let site = test_site();
        assert_eq!(
            file(&site, "robots.txt"),
            "User-agent: *\nAllow: /\n\nSitemap: https://example.org:8443/remissvar/sitemap.xml\n"
        );
    }

    #[test]
    fn xml_escaping_covers_all_five_and_drops_controls() {
        assert_eq!(escape("<a href='x'>&\"\u{1}</a>"), "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;");
    }

    #[test]
    fn output_is_deterministic() {
        let site = test_site();
        assert_eq!(rendered(&site), rendered(&site.clone()));
    }
}
