<#-- Plain text part of the mail to a confirmed address that signed up again. -->
Hello<#if name?has_content> ${name}</#if>,

someone (probably you) asked to subscribe this address to ${siteName}. You are already
subscribed, so there is nothing to do.

Choose categories, pause or switch to plain text: ${preferencesUrl}
Unsubscribe: ${unsubscribeUrl}

-- 
<#if postalAddress?has_content>${postalAddress}<#else>${siteName}</#if>
