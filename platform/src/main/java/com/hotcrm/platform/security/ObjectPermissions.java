package com.hotcrm.platform.security;

/**
 * What a role may do with an object's records: read, create, edit, delete the records it can see, and see
 * (view all) or change (modify all) every record whatever its sharing.
 */
public record ObjectPermissions(boolean read, boolean create, boolean edit, boolean delete, boolean viewAll,
        boolean modifyAll) {

    public static final ObjectPermissions NONE = new ObjectPermissions(false, false, false, false, false, false);
    public static final ObjectPermissions READ = new ObjectPermissions(true, false, false, false, false, false);
    public static final ObjectPermissions CRUD = new ObjectPermissions(true, true, true, true, false, false);
    public static final ObjectPermissions CRUD_VIEW_ALL = new ObjectPermissions(true, true, true, true, true, false);
    public static final ObjectPermissions ALL = new ObjectPermissions(true, true, true, true, true, true);

    /** What either grants (a user with several roles gets the union). */
    public ObjectPermissions or(ObjectPermissions other) {
        return new ObjectPermissions(read || other.read, create || other.create, edit || other.edit,
                delete || other.delete, viewAll || other.viewAll, modifyAll || other.modifyAll);
    }

    public boolean allows(Operation operation) {
        return switch (operation) {
            case READ -> read || viewAll || modifyAll;
            case CREATE -> create || modifyAll;
            case EDIT -> edit || modifyAll;
            case DELETE -> delete || modifyAll;
        };
    }

    /** The operations on records. */
    public enum Operation {
        READ("read"), CREATE("create"), EDIT("edit"), DELETE("delete");

        private final String verb;

        Operation(String verb) {
            this.verb = verb;
        }

        public String verb() {
            return verb;
        }
    }
}
