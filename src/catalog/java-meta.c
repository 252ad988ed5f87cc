/*
 * java-meta.c - what names a Maven artifact inside a Java archive.
 *
 * Best first:
 *  - META-INF/maven/<groupId>/<artifactId>/pom.properties, written by
 *    maven-archiver (a java.util.Properties file: "key=value" lines, '#' and
 *    '!' comments; we read only the three keys Maven writes, without
 *    Properties' backslash escapes, which Maven never needs for them);
 *  - META-INF/MANIFEST.MF (JAR File Specification, "Manifest
 *    Specification"): the main section's Implementation-Title /
 *    Bundle-Name and Implementation-Version / Bundle-Version; lines longer
 *    than 72 bytes continue on lines that start with one space;
 *  - the file name, "log4j-core-2.14.1.jar": the version starts at the
 *    first '-' followed by a digit (as Maven names artifacts).
 *
 * Maven advisories name "groupId:artifactId", but only pom.properties
 * knows the groupId. Without it the group is, first found:
 *  1. the group of a few very common artifacts (known_groups below), whose
 *     manifests name no group or a misleading one (commons-io says
 *     "org.apache");
 *  2. Implementation-Vendor-Id, which maven-archiver's default entries set
 *     to the groupId;
 *  3. Bundle-SymbolicName, undoing maven-bundle-plugin's default naming:
 *     "<group>.<artifact>" (com.fasterxml.jackson.core.jackson-databind),
 *     or "<group>.<rest>" when the artifact is the group's last section
 *     followed by a separator and rest (org.apache.logging.log4j.core for
 *     log4j-core).
 * An artifact with no group found is reported by its artifactId alone,
 * which no Maven advisory matches.
 */
#include "common.h"
#include "deb822.h"
#include "java.h"

static const char *const archive_exts[] = {
	"jar", "war", "ear", "jpi", "hpi", "par", "sar", "nar",
};

/* artifactId -> groupId for artifacts commonly found without pom.properties */
static const struct {
	const char *artifact, *group;
} known_groups[] = {
	{ "commons-beanutils", "commons-beanutils" },
	{ "commons-codec", "commons-codec" },
	{ "commons-collections", "commons-collections" },
	{ "commons-collections4", "org.apache.commons" },
	{ "commons-fileupload", "commons-fileupload" },
	{ "commons-io", "commons-io" },
	{ "commons-lang", "commons-lang" },
	{ "commons-lang3", "org.apache.commons" },
	{ "commons-text", "org.apache.commons" },
	{ "gson", "com.google.code.gson" },
	{ "guava", "com.google.guava" },
	{ "h2", "com.h2database" },
	{ "httpclient", "org.apache.httpcomponents" },
	{ "httpcore", "org.apache.httpcomponents" },
	{ "jackson-annotations", "com.fasterxml.jackson.core" },
	{ "jackson-core", "com.fasterxml.jackson.core" },
	{ "jackson-databind", "com.fasterxml.jackson.core" },
	{ "log4j", "log4j" },
	{ "log4j-api", "org.apache.logging.log4j" },
	{ "log4j-core", "org.apache.logging.log4j" },
	{ "logback-classic", "ch.qos.logback" },
	{ "logback-core", "ch.qos.logback" },
	{ "mysql-connector-java", "mysql" },
	{ "netty-all", "io.netty" },
	{ "postgresql", "org.postgresql" },
	{ "slf4j-api", "org.slf4j" },
	{ "snakeyaml", "org.yaml" },
	{ "spring-beans", "org.springframework" },
	{ "spring-boot", "org.springframework.boot" },
	{ "spring-boot-autoconfigure", "org.springframework.boot" },
	{ "spring-context", "org.springframework" },
	{ "spring-core", "org.springframework" },
	{ "spring-web", "org.springframework" },
	{ "spring-webmvc", "org.springframework" },
	{ "struts2-core", "org.apache.struts" },
	{ "tomcat-embed-core", "org.apache.tomcat.embed" },
	{ "xstream", "com.thoughtworks.xstream" },
};

static bool coord_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
	       c == '+' || c == '~';
}

bool cu_java_coord_ok(struct cu_span s)
{
	if (!s.len || s.len > 200)
		return false;
	for (size_t i = 0; i < s.len; i++)
		if (!coord_char(s.ptr[i]))
			return false;
	return true;
}

bool cu_java_archive_name(struct cu_span name)
{
	ptrdiff_t dot = cu_span_rfind(name, '.');
	struct cu_span ext;

	if (dot < 0)
		return false;
	ext = cu_span_skip(name, (size_t)dot + 1);
	for (size_t i = 0; i < CU_ARRAY_SIZE(archive_exts); i++)
		if (cu_span_eq_icase_str(ext, archive_exts[i]))
			return true;
	return false;
}

const char *cu_java_known_group(struct cu_span artifact)
{
	for (size_t i = 0; i < CU_ARRAY_SIZE(known_groups); i++)
		if (cu_span_eq_str(artifact, known_groups[i].artifact))
			return known_groups[i].group;
	return NULL;
}

/* --- pom.properties ------------------------------------------------------ */

bool cu_java_pom_path(struct cu_span entry, struct cu_java_ident *id)
{
	static const char marker[] = "META-INF/maven/";
	struct cu_span rest = entry;
	size_t m = sizeof(marker) - 1;

	for (size_t i = 0; i + m <= entry.len; i++) {
		if ((i == 0 || entry.ptr[i - 1] == '/') &&
		    memcmp(entry.ptr + i, marker, m) == 0) {
			rest = cu_span_skip(entry, i + m);
			break;
		}
	}
	if (rest.ptr == entry.ptr || !cu_span_split(&rest, '/', &id->group) ||
	    !cu_span_split(&rest, '/', &id->artifact))
		return false;
	return cu_span_eq_str(rest, "pom.properties");
}

bool cu_java_pom_properties(struct cu_span text, struct cu_java_ident *id)
{
	struct cu_java_ident from_path = *id;
	struct cu_span line, key;
	size_t k;

	id->version = CU_SPAN_NULL;
	id->found_by = "java-pom-properties";
	while (cu_span_pull_line(&text, &line)) {
		line = cu_span_trim(line);
		if (!line.len || line.ptr[0] == '#' || line.ptr[0] == '!')
			continue;
		for (k = 0; k < line.len; k++)
			if (line.ptr[k] == '=' || line.ptr[k] == ':' || line.ptr[k] == ' ' ||
			    line.ptr[k] == '\t')
				break;
		key = cu_span_sub(line, 0, k);
		line = cu_span_trim(cu_span_skip(line, k));
		if (line.len && (line.ptr[0] == '=' || line.ptr[0] == ':'))
			line = cu_span_trim(cu_span_skip(line, 1));
		if (cu_span_eq_str(key, "groupId"))
			id->group = line;
		else if (cu_span_eq_str(key, "artifactId"))
			id->artifact = line;
		else if (cu_span_eq_str(key, "version"))
			id->version = line;
	}
	if (!cu_java_coord_ok(id->group))
		id->group = cu_java_coord_ok(from_path.group) ? from_path.group : CU_SPAN_NULL;
	if (!cu_java_coord_ok(id->artifact))
		id->artifact = from_path.artifact;
	return cu_java_coord_ok(id->artifact) && cu_java_coord_ok(id->version);
}

/* --- MANIFEST.MF ----------------------------------------------------------- */

/* Copy a folded value into dst, dropping each line break and the space after it. */
static void unfold(struct cu_span value, char *dst, size_t dstlen)
{
	size_t n = 0;

	for (size_t i = 0; i < value.len; i++) {
		char c = value.ptr[i];

		if (c == '\r')
			continue;
		if (c == '\n') {
			if (i + 1 < value.len && value.ptr[i + 1] == ' ')
				i++;
			continue;
		}
		if (c == '\0' || n + 1 >= dstlen) {
			n = 0;	/* too long or binary: not a usable value */
			break;
		}
		dst[n++] = c;
	}
	dst[n] = '\0';
}

/* "org.foo.bar;singleton:=true" -> "org.foo.bar" */
static void strip_directives(char *s)
{
	char *semi = strchr(s, ';');
	size_t n;

	if (semi)
		*semi = '\0';
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
}

static void read_manifest(struct cu_span text, struct cu_java_manifest *m)
{
	static const struct {
		const char *name;
		size_t off, len;
	} attrs[] = {
#define A(n, f) { n, offsetof(struct cu_java_manifest, f), sizeof(((struct cu_java_manifest *)0)->f) }
		A("Implementation-Vendor-Id", vendor_id),
		A("Bundle-SymbolicName", symbolic),
		A("Implementation-Title", title),
		A("Bundle-Name", bundle_name),
		A("Implementation-Version", impl_version),
		A("Bundle-Version", bundle_version),
#undef A
	};
	struct cu_span main_section, name, value;

	memset(m, 0, sizeof(*m));
	/* the main section ends at the first blank line (deb822 paragraphs) */
	if (!cu_deb822_paragraph(&text, &main_section))
		return;
	while (cu_deb822_field(&main_section, &name, &value, NULL)) {
		for (size_t i = 0; i < CU_ARRAY_SIZE(attrs); i++)
			if (cu_span_eq_icase_str(name, attrs[i].name))
				unfold(value, (char *)m + attrs[i].off, attrs[i].len);
	}
	strip_directives(m->symbolic);
}

/* The last dot-separated section of s. */
static struct cu_span last_section(struct cu_span s)
{
	ptrdiff_t dot = cu_span_rfind(s, '.');

	return dot < 0 ? s : cu_span_skip(s, (size_t)dot + 1);
}

/* s is prefix + '.' + tail */
static bool dotted(struct cu_span s, struct cu_span prefix, struct cu_span tail)
{
	return s.len == prefix.len + 1 + tail.len && s.ptr[prefix.len] == '.' &&
	       memcmp(s.ptr, prefix.ptr, prefix.len) == 0 &&
	       memcmp(s.ptr + prefix.len + 1, tail.ptr, tail.len) == 0;
}

/* Undo maven-bundle-plugin's "<group>.<artifact or its tail>". */
static struct cu_span group_from_symbolic(struct cu_span bsn, struct cu_span artifact)
{
	ptrdiff_t dot = cu_span_rfind(bsn, '.');
	struct cu_span group, tail, last;
	char sep;

	if (bsn.len > artifact.len + 1 &&
	    dotted(bsn, cu_span_sub(bsn, 0, bsn.len - artifact.len - 1), artifact))
		return cu_span_sub(bsn, 0, bsn.len - artifact.len - 1);
	if (dot <= 0)
		return CU_SPAN_NULL;
	group = cu_span_sub(bsn, 0, (size_t)dot);
	tail = cu_span_skip(bsn, (size_t)dot + 1);
	last = last_section(group);
	if (artifact.len != last.len + 1 + tail.len)
		return CU_SPAN_NULL;
	sep = artifact.ptr[last.len];
	if ((sep != '-' && sep != '.' && sep != '_') ||
	    memcmp(artifact.ptr, last.ptr, last.len) != 0 ||
	    memcmp(artifact.ptr + last.len + 1, tail.ptr, tail.len) != 0)
		return CU_SPAN_NULL;
	return group;
}

static struct cu_span derive_group(const struct cu_java_manifest *m, struct cu_span artifact)
{
	const char *known = cu_java_known_group(artifact);
	struct cu_span s;

	if (known)
		return cu_span_str(known);
	s = cu_span_str(m->vendor_id);
	if (cu_java_coord_ok(s))
		return s;
	s = cu_span_str(m->symbolic);
	if (cu_java_coord_ok(s))
		return group_from_symbolic(s, artifact);
	return CU_SPAN_NULL;
}

static struct cu_span first_ok(const char *a, const char *b)
{
	if (cu_java_coord_ok(cu_span_str(a)))
		return cu_span_str(a);
	if (cu_java_coord_ok(cu_span_str(b)))
		return cu_span_str(b);
	return CU_SPAN_NULL;
}

/* --- the file name ---------------------------------------------------------- */

bool cu_java_filename_ident(struct cu_span path, struct cu_java_ident *id)
{
	ptrdiff_t slash = cu_span_rfind(path, '/'), dot;
	struct cu_span stem = slash < 0 ? path : cu_span_skip(path, (size_t)slash + 1);

	dot = cu_span_rfind(stem, '.');
	if (dot > 0)
		stem.len = (size_t)dot;
	id->group = CU_SPAN_NULL;
	id->artifact = stem;
	id->version = CU_SPAN_NULL;
	id->found_by = "java-filename";
	for (size_t i = 1; i + 1 < stem.len; i++) {
		if (stem.ptr[i] == '-' && stem.ptr[i + 1] >= '0' && stem.ptr[i + 1] <= '9') {
			id->artifact = cu_span_sub(stem, 0, i);
			id->version = cu_span_skip(stem, i + 1);
			break;
		}
	}
	if (!cu_java_coord_ok(id->artifact))
		id->artifact = CU_SPAN_NULL;
	if (!cu_java_coord_ok(id->version))
		id->version = CU_SPAN_NULL;
	return id->artifact.len && id->version.len;
}

/* --- both ------------------------------------------------------------------- */

bool cu_java_fallback_ident(struct cu_span manifest, struct cu_span path,
			    struct cu_java_manifest *m, struct cu_java_ident *id)
{
	struct cu_java_ident file;
	struct cu_span group;

	cu_java_filename_ident(path, &file);
	read_manifest(manifest, m);
	id->group = CU_SPAN_NULL;
	id->version = first_ok(m->impl_version, m->bundle_version);
	id->artifact = first_ok(m->title, m->bundle_name);
	id->found_by = "java-manifest";
	if (!id->version.len) {
		*id = file;	/* the name's version goes with the name's artifact */
	} else if (!id->artifact.len) {
		id->artifact = file.artifact;
	}
	if (!id->artifact.len || !id->version.len)
		return false;
	group = derive_group(m, id->artifact);
	if (group.len && group.len < sizeof(m->group)) {
		memcpy(m->group, group.ptr, group.len);
		m->group[group.len] = '\0';
		id->group = cu_span_str(m->group);
	}
	return true;
}
