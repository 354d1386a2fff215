<#-- Plain text part of the confirmation mail. Not HTML: nothing is escaped, nothing needs to be. -->
Hello<#if name?has_content> ${name}</#if>,

please confirm that you want to receive ${siteName}, the weekly digest of AI-tool comparisons:

${confirmUrl}

The link works for ${ttlHours} hours. If you did not ask for this, ignore this mail: without your
confirmation we will not write to you again.

-- 
<#if postalAddress?has_content>${postalAddress}<#else>${siteName}</#if>
