package com.hotcrm.platform.metadata;

/** Default labels from API names: {@code AnnualRevenue} → "Annual Revenue", {@code AccountId} → "Account". */
final class Labels {

    private Labels() {
    }

    static String fromApiName(String name) {
        String base = name.endsWith("__c") ? name.substring(0, name.length() - 3) : name;
        if (base.endsWith("Id") && base.length() > 2) {
            base = base.substring(0, base.length() - 2);
        }
        String[] words = Naming.snakeCase(base).split("_");
        StringBuilder out = new StringBuilder();
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(word.length() <= 2 && !word.equals("of") ? word.toUpperCase() : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return out.toString();
    }
}
