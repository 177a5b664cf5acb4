package com.hotcrm.platform.security;

import java.util.Set;

/**
 * The permissions and sharing every object starts with, until an admin changes them:
 * <ul>
 * <li>admin: everything, on every object;</li>
 * <li>sales_manager: the sales objects (Account, Contact, Lead, Opportunity, OpportunityLineItem, Activity)
 * with view all, custom objects; reads the rest;</li>
 * <li>sales_rep: the sales objects and custom objects; reads the rest;</li>
 * <li>support_agent: Case (with view all: agents work a shared queue), KnowledgeArticle, Activity and custom
 * objects; reads Account, Contact, Product and User;</li>
 * <li>read_only: reads everything.</li>
 * </ul>
 * Sales objects, Case and custom objects are private; Product, KnowledgeArticle and User are public read-only.
 */
public final class AccessDefaults {

    static final Set<String> SALES = Set.of("Account", "Contact", "Lead", "Opportunity", "OpportunityLineItem", "Activity");
    static final Set<String> PUBLIC_READ_ONLY = Set.of("Product", "KnowledgeArticle", "User");

    private AccessDefaults() {
    }

    public static ObjectPermissions permissions(String role, String object, boolean custom) {
        return switch (role) {
            case Roles.ADMIN -> ObjectPermissions.ALL;
            case Roles.SALES_MANAGER -> SALES.contains(object) ? ObjectPermissions.CRUD_VIEW_ALL
                    : custom ? ObjectPermissions.CRUD : ObjectPermissions.READ;
            case Roles.SALES_REP -> SALES.contains(object) || custom ? ObjectPermissions.CRUD : ObjectPermissions.READ;
            case Roles.SUPPORT_AGENT -> switch (object) {
                case "Case" -> ObjectPermissions.CRUD_VIEW_ALL;
                case "KnowledgeArticle", "Activity" -> ObjectPermissions.CRUD;
                case "Account", "Contact", "Product", "User" -> ObjectPermissions.READ;
                default -> custom ? ObjectPermissions.CRUD : ObjectPermissions.NONE;
            };
            case Roles.READ_ONLY -> ObjectPermissions.READ;
            default -> ObjectPermissions.NONE;
        };
    }

    public static Sharing sharing(String object) {
        return PUBLIC_READ_ONLY.contains(object) ? Sharing.PUBLIC_READ_ONLY : Sharing.PRIVATE;
    }
}
