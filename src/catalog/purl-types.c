/*
 * purl-types.c - the rules of the registered Package URL types (purl-spec
 * types/<type>-definition.json), kept as the table purl_types[]: which
 * components a type requires or prohibits, which it folds to lower case,
 * and the fixes a few types define (PyPI names, Pub, CPAN, MLflow, Chrome
 * extensions, forges that fold case).
 */
#include <strings.h>

#include "common.h"
#include "purl-internal.h"

enum purl_rule_flags {
	PURL_NS_REQUIRED = 1 << 0,
	PURL_NS_PROHIBITED = 1 << 1,
	PURL_NS_LOWER = 1 << 2,
	PURL_NS_UPPER = 1 << 3,
	PURL_NAME_LOWER = 1 << 4,
	PURL_NAME_PATH = 1 << 5,	/* the name may hold '/' separators */
	PURL_VERSION_LOWER = 1 << 6,
	PURL_SUBPATH_LOWER = 1 << 7,
};

struct purl_type {
	const char *type;
	unsigned rules;			/* enum purl_rule_flags */
	const char *required_key;	/* a qualifier the type requires */
	int (*fixup)(struct cu_purl *p, struct cu_err *err);
};

static const char *find_qualifier(const struct cu_purl *p, const char *key)
{
	for (size_t i = 0; i < p->nqualifiers; i++)
		if (strcmp(p->qualifiers[i].key, key) == 0)
			return p->qualifiers[i].value;
	return NULL;
}

/* pypi: names compare case-insensitively with '_' and '-' equal. */
static int pypi_fixup(struct cu_purl *p, struct cu_err *err)
{
	for (char *c = p->name; *c; c++)
		if (*c == '_')
			*c = '-';
	return 0;
}

/* pub: package names are [a-z0-9_]; anything else becomes '_'. */
static int pub_fixup(struct cu_purl *p, struct cu_err *err)
{
	for (char *c = p->name; *c; c++)
		if (!is_lower(*c) && !is_digit(*c))
			*c = '_';
	return 0;
}

/* cpan: the name is a distribution ("URI-PackageURL"), not a module. */
static int cpan_fixup(struct cu_purl *p, struct cu_err *err)
{
	if (strstr(p->name, "::"))
		return cu_seterr_new(err, CU_EFORMAT,
				     "cpan name '%s' is a module name, not a "
				     "distribution", p->name);
	return 0;
}

/* mlflow: Databricks model names are case-insensitive, Azure ML ones not. */
static int mlflow_fixup(struct cu_purl *p, struct cu_err *err)
{
	const char *repo = find_qualifier(p, "repository_url");

	if (repo && strcasestr(repo, "databricks"))
		str_lower(p->name);
	return 0;
}

static bool chrome_id_ok(const char *id)
{
	size_t n = 0;

	for (; id[n]; n++)
		if (id[n] < 'a' || id[n] > 'p')
			return false;
	return n == 32;
}

/* One to four dot-separated decimal numbers. */
static bool chrome_version_ok(const char *v)
{
	for (int parts = 1; parts <= 4; parts++, v++) {
		if (!is_digit(*v))
			return false;
		while (is_digit(*v))
			v++;
		if (*v != '.')
			return *v == '\0';
	}
	return false;
}

static int chrome_fixup(struct cu_purl *p, struct cu_err *err)
{
	if (!chrome_id_ok(p->name))
		return cu_seterr_new(err, CU_EFORMAT,
				     "chrome-extension id '%s' is not 32 "
				     "letters a-p", p->name);
	if (p->version && !chrome_version_ok(p->version))
		return cu_seterr_new(err, CU_EFORMAT,
				     "chrome-extension version '%s' is not 1 "
				     "to 4 dotted numbers", p->version);
	return 0;
}

/* Git hosts whose owner and repository names are case-insensitive. */
static bool is_folding_forge(const char *host)
{
	static const char *const forges[] = {
		"github", "github.com", "bitbucket", "bitbucket.org",
	};

	for (size_t i = 0; i < CU_ARRAY_SIZE(forges); i++)
		if (strcasecmp(host, forges[i]) == 0)
			return true;
	return false;
}

/* Append the non-empty '/'-separated segments of s to b, joined by '/'. */
static int add_segments(struct cu_buf *b, const char *s)
{
	int rc = 0;

	while (*s && !rc) {
		size_t n = strcspn(s, "/");

		if (n && b->len)
			rc = cu_buf_addch(b, '/');
		if (n && !rc)
			rc = cu_buf_add(b, s, n);
		s += n + (s[n] == '/');
	}
	return rc;
}

/*
 * git: the namespace is the host and the name the repository path on it
 * ("codeberg.org" + "forgejo/forgejo"), so every namespace segment after the
 * first moves to the name, whose empty segments are dropped.
 */
static int git_fixup(struct cu_purl *p, struct cu_err *err)
{
	char *slash = p->namespace ? strchr(p->namespace, '/') : NULL;
	struct cu_buf name = CU_BUF_INIT;
	int rc = 0;

	if (slash) {
		*slash = '\0';
		rc = add_segments(&name, slash + 1);
	}
	if (!rc)
		rc = add_segments(&name, p->name);
	if (!rc && !name.len)
		rc = cu_seterr_new(err, CU_EFORMAT, "missing name");
	if (rc) {
		cu_buf_release(&name);
		return rc;
	}
	free(p->name);
	p->name = cu_buf_detach(&name, NULL);
	if (p->namespace && is_folding_forge(p->namespace))
		str_lower(p->name);
	return 0;
}

#define NS_REQ PURL_NS_REQUIRED
#define NS_NO PURL_NS_PROHIBITED
#define NS_LC PURL_NS_LOWER
#define NAME_LC PURL_NAME_LOWER
#define VER_LC PURL_VERSION_LOWER

/* From types/<type>-definition.json: requirement, case_sensitive, rules. */
static const struct purl_type purl_types[] = {
	{ "alpm", NS_REQ | NS_LC | NAME_LC, NULL, NULL },
	{ "apk", NS_REQ | NS_LC | NAME_LC, NULL, NULL },
	{ "bazel", NS_NO, NULL, NULL },
	{ "bitbucket", NS_REQ | NS_LC | NAME_LC, NULL, NULL },
	{ "bitnami", NS_NO | NAME_LC, NULL, NULL },
	{ "brew", NS_LC | NAME_LC, NULL, NULL },
	{ "cargo", NS_NO, NULL, NULL },
	{ "chrome-extension", NS_NO | NAME_LC, NULL, chrome_fixup },
	{ "cocoapods", NS_NO, NULL, NULL },
	{ "composer", NS_REQ | NS_LC | NAME_LC, NULL, NULL },
	{ "conda", NS_NO, NULL, NULL },
	{ "cpan", PURL_NS_UPPER, NULL, cpan_fixup },
	{ "cran", NS_NO, NULL, NULL },
	{ "deb", NS_REQ | NS_LC | NAME_LC, NULL, NULL },
	{ "gem", NS_NO, NULL, NULL },
	{ "git", NS_REQ | PURL_NAME_PATH, NULL, git_fixup },
	{ "github", NS_REQ | NS_LC | NAME_LC, NULL, NULL },
	{ "golang", NS_REQ, NULL, NULL },
	{ "hackage", NS_NO, NULL, NULL },
	{ "hex", NS_LC | NAME_LC, NULL, NULL },
	{ "huggingface", NS_REQ | VER_LC, NULL, NULL },
	{ "julia", NS_NO, "uuid", NULL },
	{ "luarocks", NS_LC | NAME_LC, NULL, NULL },
	{ "maven", NS_REQ, NULL, NULL },
	{ "mlflow", NS_NO, NULL, mlflow_fixup },
	{ "nuget", NS_NO, NULL, NULL },
	{ "oci", NS_NO | NAME_LC | VER_LC, NULL, NULL },
	{ "opam", NS_NO, NULL, NULL },
	{ "otp", NS_NO | NAME_LC | PURL_SUBPATH_LOWER, NULL, NULL },
	{ "pub", NS_NO | NAME_LC, NULL, pub_fixup },
	{ "pypi", NS_NO | NAME_LC | VER_LC, NULL, pypi_fixup },
	{ "qpkg", NS_REQ | NS_LC, NULL, NULL },
	{ "rpm", NS_REQ | NS_LC, NULL, NULL },
	{ "swid", 0, "tag_id", NULL },
	{ "swift", NS_REQ, NULL, NULL },
	{ "vcpkg", NS_NO, NULL, NULL },
	{ "vscode-extension", NS_REQ | NS_LC | NAME_LC | VER_LC, NULL, NULL },
	{ "yocto", NS_LC, NULL, NULL },
};

#undef NS_REQ
#undef NS_NO
#undef NS_LC
#undef NAME_LC
#undef VER_LC

/* The rules of a type (in any case), or NULL for a type without rules. */
static const struct purl_type *find_type(const char *type)
{
	for (size_t i = 0; type && i < CU_ARRAY_SIZE(purl_types); i++)
		if (strcasecmp(purl_types[i].type, type) == 0)
			return &purl_types[i];
	return NULL;
}

static int check_presence(const struct purl_type *t, const struct cu_purl *p,
			  struct cu_err *err)
{
	if ((t->rules & PURL_NS_REQUIRED) && !p->namespace)
		return cu_seterr_new(err, CU_EFORMAT,
				     "namespace required for type '%s'", t->type);
	if ((t->rules & PURL_NS_PROHIBITED) && p->namespace)
		return cu_seterr_new(err, CU_EFORMAT,
				     "namespace not allowed for type '%s'",
				     t->type);
	if (t->required_key && !find_qualifier(p, t->required_key))
		return cu_seterr_new(err, CU_EFORMAT,
				     "qualifier '%s' required for type '%s'",
				     t->required_key, t->type);
	return 0;
}

int cu_purl_type_rules(struct cu_purl *p, struct cu_err *err)
{
	const struct purl_type *t = find_type(p->type);
	int rc;

	if (!t)
		return 0;
	if (t->rules & PURL_NS_LOWER)
		str_lower(p->namespace);
	if (t->rules & PURL_NS_UPPER)
		str_fold(p->namespace, true);
	if (t->rules & PURL_NAME_LOWER)
		str_lower(p->name);
	if (t->rules & PURL_VERSION_LOWER)
		str_lower(p->version);
	if (t->rules & PURL_SUBPATH_LOWER)
		str_lower(p->subpath);
	if (t->fixup && (rc = t->fixup(p, err)))
		return rc;
	return check_presence(t, p, err);
}

bool cu_purl_type_name_is_path(const char *type)
{
	const struct purl_type *t = find_type(type);

	return t && (t->rules & PURL_NAME_PATH);
}
