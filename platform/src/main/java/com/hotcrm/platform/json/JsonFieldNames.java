package com.hotcrm.platform.json;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.hibernate.validator.BaseHibernateValidatorConfiguration;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import io.quarkus.hibernate.validator.HibernateValidatorFactoryCustomizer;

/**
 * Bean Validation names a property as JSON does: a violation on {@code @JsonProperty("Email") String email} is
 * reported for field {@code Email}, the name the client sent, not the Java one.
 */
@Singleton
public class JsonFieldNames implements HibernateValidatorFactoryCustomizer, PropertyNodeNameProvider {

    private final ObjectMapper json;
    private final Map<String, String> names = new ConcurrentHashMap<>();

    public JsonFieldNames(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void customize(BaseHibernateValidatorConfiguration<?> configuration) {
        configuration.propertyNodeNameProvider(this);
    }

    @Override
    public String getName(Property property) {
        if (!(property instanceof JavaBeanProperty bean)) {
            return property.getName();
        }
        return names.computeIfAbsent(bean.getDeclaringClass().getName() + "#" + bean.getName(), key -> jsonName(bean));
    }

    private String jsonName(JavaBeanProperty property) {
        return json.getSerializationConfig().introspect(json.constructType(property.getDeclaringClass()))
                .findProperties().stream()
                .filter(definition -> definition.getInternalName().equals(property.getName()))
                .map(BeanPropertyDefinition::getName)
                .findFirst()
                .orElse(property.getName());
    }
}
