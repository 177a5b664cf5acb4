package com.hotcrm.sdk;

/**
 * A {@code POST /query}:
 * <pre>{@code
 * Query.from("Opportunity")
 *      .fields("Name", "Amount", "Stage", "CloseDate")
 *      .where("Stage", "!=", "Closed Lost").where("Amount", ">", 10000).where("CloseDate", "this_quarter")
 *      .sort("Amount", "desc")
 *      .limit(50)
 *      .related("Account", Related.select("Name", "Industry"))
 * }</pre>
 */
public final class Query extends Selection<Query> {

    private Query(String object) {
        set("object", object);
    }

    /** A query of an object, by API name ({@code Opportunity}, {@code Project__c}) or path ({@code opportunities}). */
    public static Query from(String object) {
        return new Query(ObjectNames.apiName(object));
    }

    public String object() {
        return (String) value("object");
    }

    public Query offset(int offset) {
        return set("offset", offset);
    }

    /** A page's {@code nextCursor}: the page after it (same object, filters and sort). */
    public Query cursor(String cursor) {
        return set("cursor", cursor);
    }

    /** Count matches exactly, whatever their number. */
    public Query exactCount() {
        return set("count", "exact");
    }

    /** A copy, to page on without changing this one. */
    Query copy() {
        Query copy = new Query(object());
        toMap().forEach(copy::set);
        return copy;
    }
}
