{{%escape json}}
{"image": {{target.ref}}, "high": {{summary.HIGH}}, "findings": [
{{#findings}}
  {"n": {{@index}}, "id": {{id}}, "package": {{package.name}}, "aliases": {{aliases}}, "summary": {{summary}}, "epss": {{epss.score}}}{{^@last}},{{/@last}}
{{/findings}}
]}
