{{%escape html}}
<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>customs: {{target.ref}}</title></head>
<body>
<h1>{{target.ref}}</h1>
<p>Gate: {{#if gate.failed}}<strong>failed</strong> ({{gate.reason}}){{else}}passed{{/if}}</p>
<table>
<tr><th>Vulnerability</th><th>Package</th><th>Severity</th><th>Summary</th></tr>
{{#findings}}
<tr class="{{severity}}"><td title="{{id}}">{{id}}</td><td>{{package.name}} {{package.version}}</td><td>{{severity}}</td><td>{{summary}}</td></tr>
{{else}}
<tr><td colspan="4">No vulnerabilities found.</td></tr>
{{/findings}}
</table>
</body>
</html>
