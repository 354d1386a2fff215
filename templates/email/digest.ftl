<#-- The plain-text digest: the same content as digest.ftlh. Plain text, so nothing is escaped;
     slots and gates work as in the HTML. -->
${site.name()} #${issue.number()} · ${issue.window()}
View online: ${mk.slot("viewonline")}

${mk.slot("greeting")}

<#if issue.editorNote()??>
${issue.editorNote()}
<#else>
Here is what the panel decided this week: which AI tools to ship and which to skip.
</#if>

<#if readersSaid?has_content>
LAST WEEK READERS SAID
======================

<#list readersSaid as r>
${r.title()}: <#list r.tools() as t>${t.tool()} ${t.summary()}<#sep> · </#list>
</#list>

</#if>
${mk.section()}<#t>
THIS WEEK'S VERDICTS
====================

<#list comparisons as c>
${mk.comparison(c?index)}<#t>
${c.title()}<#if c.category()??> [${c.category()}]</#if>
<#list c.sides() as s>
  ${s.name()}: ${(s.verdict()!"no verdict")?upper_case}<#if s.shipCount()?? && s.skipCount()??>, ${s.shipCount()} ship / ${s.skipCount()} skip</#if><#if s.shipPct()??>, ${s.shipPct()}% panel ship</#if>
<#if s.community()?? || s.pricing()?? || s.category()??>
    <#if s.community()??>${s.community()}</#if><#if s.pricing()??><#if s.community()??> · </#if>${s.pricing()}</#if><#if s.category()??><#if s.community()?? || s.pricing()??> · </#if>${s.category()}</#if>
</#if>
</#list>
<#if c.splits()?has_content>
  The panel is split:
<#list c.splits() as split>
  ! ${split}
</#list>
</#if>
<#list c.quotes() as q>
  ${q.persona()} on ${q.tool()}<#if q.verdict()??> (${q.verdict()})</#if>: "${q.text()}"
</#list>
${mk.votes()}<#t>
<#list c.sides() as s>
  Your verdict on ${s.name()}:
    Ship: ${mk.vote(c?index, s?index, "ship")}
    Skip: ${mk.vote(c?index, s?index, "skip")}
</#list>
${mk.end()}<#t>
  Full comparison: ${c.url()}

${mk.end()}<#t>
</#list>
${mk.end()}<#t>
${mk.section()}<#t>
NEW TOOLS
=========

<#list newTools as t>
${mk.tool(t?index)}<#t>
${t.name()}<#if t.category()??> · ${t.category()}</#if><#if t.pricing()??> · ${t.pricing()}</#if>
<#if t.tagline()??>
  ${t.tagline()}
</#if>
<#list t.comparisons() as l>
  ${l.title()}: ${l.url()}
</#list>

${mk.end()}<#t>
</#list>
${mk.end()}<#t>
-- 
${mk.personal()}<#t>
${mk.forSubscriber()}<#t>
You get this because you subscribed to ${site.name()} as ${mk.slot("email")} and confirmed your address.
${mk.end()}<#t>
${mk.forTestCopy()}<#t>
THIS IS A TEST COPY of issue #${issue.number()}, sent to ${mk.slot("email")} by an editor before it goes out.
Its links lead to pages that say so; they unsubscribe nobody and change nothing.
${mk.end()}<#t>
Unsubscribe: ${mk.slot("unsubscribe")}
Preferences (categories, plain text): ${mk.slot("preferences")}
${mk.end()}<#t>
${mk.archive()}<#t>
This is issue #${issue.number()} of ${site.name()}. Subscribe: ${site.subscribeUrl()}
${mk.end()}<#t>
<#if site.postalAddress()??>
${site.postalAddress()}
</#if>
